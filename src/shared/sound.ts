/** Which sound a toast plays: none, the system's default, or the more insistent urgent one. */
export type SoundChoice = 'none' | 'default' | 'urgent';
export const SOUND_CHOICES: readonly SoundChoice[] = ['none', 'default', 'urgent'];
