import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

// DejaVu Serif: a free TrueType face with every Vietnamese letter and tone mark, embedded (subset).
const fontDir = join(dirname(createRequire(import.meta.url).resolve('dejavu-fonts-ttf/package.json')), 'ttf');
export const regular = join(fontDir, 'DejaVuSerif.ttf');
export const bold = join(fontDir, 'DejaVuSerif-Bold.ttf');
export const italic = join(fontDir, 'DejaVuSerif-Italic.ttf');
