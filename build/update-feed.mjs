// electron-builder's beforePack hook (electron-builder.yml): FLOWGATE_UPDATE_URL, when set, replaces the
// generic update feed's url, so one checkout packages for any feed. Without it the yml's url stays.
/* global process, URL */

export const UPDATE_URL_VARIABLE = 'FLOWGATE_UPDATE_URL';

/** The feed must be HTTPS (latest.yml's checksums are only as good as the channel it came over); plain HTTP on loopback is for trying a local feed. */
export function checkFeedUrl(text) {
  let url;
  try {
    url = new URL(text);
  } catch {
    throw new Error(`${UPDATE_URL_VARIABLE} is not a URL: "${text}". Set it to the feed's base, e.g. https://updates.example.com/flowgate`);
  }
  const loopback = url.hostname === '127.0.0.1' || url.hostname === 'localhost' || url.hostname === '[::1]';
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
    throw new Error(`${UPDATE_URL_VARIABLE} must be an https:// URL (got ${url.protocol}//${url.host}): updates must not travel in clear text.`);
  }
  return url.href.replace(/\/+$/, '');
}

export async function beforePack(context, env = process.env) {
  const override = env[UPDATE_URL_VARIABLE];
  if (!override) return;
  const config = context.packager.config;
  const publish = config.publish;
  if (!publish || Array.isArray(publish) || publish.provider !== 'generic') {
    throw new Error(`${UPDATE_URL_VARIABLE} replaces a generic feed's url, but electron-builder.yml's publish is not one generic provider.`);
  }
  config.publish = { ...publish, url: checkFeedUrl(override) };
}

export default beforePack;
