/** Bundles the plugin's admin and editor scripts into tagphoto/build/. */
export declare function buildPlugin(): Promise<void>;
