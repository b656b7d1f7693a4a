export { trackSaved } from './saved.ts';
export type { ProviderMessageHandler, SavedStatus, SavedTrackingProvider } from './saved.ts';
export { MessageType } from '../message-types.ts';
