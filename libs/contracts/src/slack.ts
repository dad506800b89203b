import { z } from 'zod';
import { languageSchema } from './tagging-result';

/** The owner's choices for one Slack workspace (stored in the Slack connection's settings). */
export const slackSettingsSchema = z.strictObject({
  /** The language images from this workspace are tagged in, unless `/tag … <language>` names another. */
  language: languageSchema.default('en'),
  /** Off by default: the result goes only to the person who asked. On: also a reply in the image's thread, for all. */
  postInThread: z.boolean().default(false),
});
export type SlackSettings = z.infer<typeof slackSettingsSchema>;

/** A Slack connection as its owner sees it in the dashboard. */
export const slackStatusSchema = z.object({
  connectionId: z.string().uuid(),
  workspace: z.string(),
  settings: slackSettingsSchema,
  /** False for an install from before TagPhoto asked for chat:write: it must be added to Slack again to post. */
  canPostInThread: z.boolean(),
});
export type SlackStatus = z.infer<typeof slackStatusSchema>;
