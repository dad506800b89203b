/** Where the build writes the installable plugin. */
export declare const PLUGIN_ZIP: string;
/** Bundles the plugin's scripts into tagphoto/build/, writes languages/tagphoto.pot and packs tagphoto.zip; resolves with its path. */
export declare function buildPlugin(): Promise<string>;
