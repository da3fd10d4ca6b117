/**
 * The window icon (Linux and Windows title bars, task switchers, and the launcher before the desktop entry is
 * known), drawn by the same code as build/icon.png, so a checkout and an installed Herald look the same.
 */
import { nativeImage, type NativeImage } from 'electron';
import { drawAppIcon } from './icons/app-icons';
import { encodePng } from './icons/png-encoder';

export function appIconImage(size = 256): NativeImage {
  return nativeImage.createFromBuffer(encodePng(drawAppIcon(size)));
}
