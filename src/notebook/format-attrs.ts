/**
 * Attributes of a cell in the file: the info string of a fence (```` ```sql name=x collapsed ````) or of
 * a `<!-- cell … -->` marker. Values are bare when simple, else JSON-quoted, so any text round-trips.
 */

/** Attributes as read: a flag has the value `true`. */
export type Attributes = Map<string, string | true>;

const TOKEN = /[ \t]*([A-Za-z_][\w-]*)(?:=("(?:[^"\\]|\\.)*"|[^\s"]+))?/y;
const BARE = /^[\w.:/-]+$/;

/** A syntax error in attributes, with what the user should write instead. */
export class AttributeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AttributeError';
  }
}

/** Reads `name=x data="a b" collapsed` into a map; throws AttributeError on anything else. */
export function parseAttributes(text: string): Attributes {
  const attributes: Attributes = new Map();
  let at = 0;
  const rest = text.trimEnd();
  while (at < rest.length) {
    TOKEN.lastIndex = at;
    const match = TOKEN.exec(rest);
    if (!match || match[0].trim() === '' || (at > 0 && !/^[ \t]/.test(match[0]))) {
      throw new AttributeError(
        `cannot read “${rest.slice(at).trim()}”: write attributes as name=value pairs, e.g. name=orders_by_month collapsed.`,
      );
    }
    const [, key = '', raw] = match;
    attributes.set(key, raw === undefined ? true : raw.startsWith('"') ? unquote(raw) : raw);
    at = TOKEN.lastIndex;
  }
  return attributes;
}

/** Renders attributes in order, skipping undefined and false ones. */
export function renderAttributes(entries: [string, string | boolean | undefined][]): string {
  return entries
    .filter(([, v]) => v !== undefined && v !== false)
    .map(([k, v]) => (v === true ? k : BARE.test(v as string) ? `${k}=${v}` : `${k}=${quote(v as string)}`))
    .join(' ');
}

/** JSON-quotes `value`, escaping the characters that would end a fence's info string or a marker. */
function quote(value: string): string {
  return JSON.stringify(value).replace(/[`<>]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function unquote(raw: string): string {
  try {
    return JSON.parse(raw) as string;
  } catch {
    throw new AttributeError(`cannot read the quoted value ${raw}: use JSON string escapes such as \\" and \\\\.`);
  }
}
