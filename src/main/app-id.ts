/**
 * Herald's identity towards the OS, in one place: the Windows AppUserModelID (taskbar grouping, toast
 * notifications, the installer's shortcuts) must equal electron-builder's `appId` (electron-builder.yml), or
 * Windows treats the installed app and its notifications as two different programs. A test checks they agree.
 */
export const APP_USER_MODEL_ID = 'dev.herald.app';
