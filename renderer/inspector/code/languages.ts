import { HighlightStyle, StreamLanguage, syntaxHighlighting, type StringStream } from '@codemirror/language';
import { tags } from '@lezer/highlight';

const JSONATA_KEYWORDS = /^(?:and|or|in|function)\b/;
const JSONATA_ATOMS = /^(?:true|false|null)\b/;

type JsonataState = { inComment: boolean };

/** Enough of JSONata's lexer to colour it: strings, numbers, $variables, keywords, comments, names. */
export const jsonata = StreamLanguage.define<JsonataState>({
  name: 'jsonata',
  startState: () => ({ inComment: false }),
  token(stream: StringStream, state: JsonataState): string | null {
    if (state.inComment) {
      if (stream.skipTo('*/')) {
        stream.match('*/');
        state.inComment = false;
      } else stream.skipToEnd();
      return 'comment';
    }
    if (stream.eatSpace()) return null;
    if (stream.match('/*')) {
      state.inComment = true;
      return 'comment';
    }
    const next = stream.peek();
    if (next === '"' || next === "'") {
      stream.next();
      let escaped = false;
      for (let char = stream.next(); char !== undefined && char !== null; char = stream.next()) {
        if (char === next && !escaped) break;
        escaped = !escaped && char === '\\';
      }
      return 'string';
    }
    if (next === '`') {
      stream.next();
      stream.skipTo('`');
      stream.next();
      return 'propertyName';
    }
    if (stream.match(/^-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/)) return 'number';
    if (stream.match(/^\$[A-Za-z0-9_]*/)) return 'variableName.special';
    if (stream.match(JSONATA_KEYWORDS)) return 'keyword';
    if (stream.match(JSONATA_ATOMS)) return 'atom';
    if (stream.match(/^[A-Za-z_][A-Za-z0-9_]*/)) return 'variableName';
    if (stream.match(/^(?::=|!=|<=|>=|~>|\.\.|\?:|\?\?|[-+*/%=<>&!?:.,;|^~#@])/)) return 'operator';
    stream.next();
    return 'bracket';
  },
});

/** JSON colouring for schemas: keys apart from string values. */
export const json = StreamLanguage.define<null>({
  name: 'json',
  startState: () => null,
  token(stream: StringStream): string | null {
    if (stream.eatSpace()) return null;
    if (stream.match(/^"(?:[^"\\]|\\.)*"?/)) return stream.match(/^\s*:/, false) ? 'propertyName' : 'string';
    if (stream.match(/^-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/)) return 'number';
    if (stream.match(/^(?:true|false|null)\b/)) return 'atom';
    stream.next();
    return 'bracket';
  },
});

/** Colours from the theme's CSS variables, so code follows light and dark mode. */
export const codeHighlighting = syntaxHighlighting(
  HighlightStyle.define([
    { tag: tags.string, color: 'var(--code-string)' },
    { tag: tags.number, color: 'var(--code-number)' },
    { tag: [tags.atom, tags.bool, tags.null], color: 'var(--code-atom)' },
    { tag: tags.keyword, color: 'var(--code-keyword)', fontWeight: '600' },
    { tag: tags.special(tags.variableName), color: 'var(--code-function)' },
    { tag: tags.propertyName, color: 'var(--code-property)' },
    { tag: tags.comment, color: 'var(--text-faint)', fontStyle: 'italic' },
    { tag: tags.operator, color: 'var(--text-muted)' },
  ]),
);
