const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const { drawIcon } = require('./png-icon.cjs');

/**
 * The manifest fields for phones (docs/client.md [PH4], [PH5], [PH7]) and the files they point at.
 * The URLs here are read by `src/ui/phone/launch-intent.ts`: the e2e tests open them from the built manifest.
 */
const NEW_TASK_URL = '/?action=new-task';
const SHARE_TARGET_ACTION = '/share-target';

/** Real captures of the app (`npm run screenshots -w @tasklane/client`), committed. */
const SCREENSHOTS_DIR = path.resolve(__dirname, '../assets/screenshots');
const SCREENSHOTS = [
  { name: 'narrow', form_factor: 'narrow', label: 'Your tasks on a phone, with the sync status' },
  { name: 'wide', form_factor: 'wide', label: 'Your tasks on a wide screen' },
];

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Width and height from the IHDR chunk: the manifest declares the sizes the files really have. */
function pngSize(png, file) {
  if (png.length < 24 || !png.subarray(0, 8).equals(PNG_SIGNATURE) || png.toString('ascii', 12, 16) !== 'IHDR') {
    throw new Error(`${file} is not a PNG`);
  }
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

/**
 * `{ fields, assets }`: fields to merge into the manifest, assets to emit into dist. A missing screenshot is left out
 * with a warning, so the first build of a fresh capture can run; the e2e test [PH7] fails on such a manifest.
 */
function phoneManifest({ warn }) {
  const assets = [];
  const screenshots = SCREENSHOTS.flatMap((shot) => {
    const source = path.join(SCREENSHOTS_DIR, `${shot.name}.png`);
    if (!fs.existsSync(source)) {
      warn(`${path.relative(process.cwd(), source)} is missing: run \`npm run screenshots -w @tasklane/client\``);
      return [];
    }
    const png = fs.readFileSync(source);
    const { width, height } = pngSize(png, source);
    // A content hash in the name: the static server then serves it as immutable.
    const file = `screenshots/${shot.name}.${crypto.createHash('sha256').update(png).digest('hex').slice(0, 12)}.png`;
    assets.push({ file, source: png });
    return [{ src: `/${file}`, sizes: `${width}x${height}`, type: 'image/png', form_factor: shot.form_factor, label: shot.label }];
  });

  const shortcutIcon = 'icons/shortcut-new-task-96.png';
  assets.push({ file: shortcutIcon, source: drawIcon(96, { glyph: 'plus' }) });

  return {
    assets,
    fields: {
      shortcuts: [
        {
          name: 'New task',
          short_name: 'New task',
          description: 'Open Tasklane ready to type a new task',
          url: NEW_TASK_URL,
          icons: [{ src: `/${shortcutIcon}`, sizes: '96x96', type: 'image/png' }],
        },
      ],
      share_target: {
        action: SHARE_TARGET_ACTION,
        method: 'GET',
        enctype: 'application/x-www-form-urlencoded',
        params: { title: 'title', text: 'text', url: 'url' },
      },
      screenshots,
    },
  };
}

module.exports = { phoneManifest, pngSize };
