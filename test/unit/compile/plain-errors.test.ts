import { describe, expect, it } from 'vitest';
import { expressionFindings } from '../../../shared/compile/expression-findings.js';
import { compileOne, onlyProblem } from './helpers.js';

/** The one finding of a source that does not parse, with the text it underlines. */
function syntax(source: string): { message: string; underlined: string } {
  const findings = expressionFindings(source);
  expect(findings).toHaveLength(1);
  const [finding] = findings;
  expect(finding!.code).toBe('invalid_expression');
  return { message: finding!.message, underlined: source.slice(finding!.from, finding!.to) };
}

describe("JSONata's parser messages in plain words", () => {
  it('says what is missing before a closing brace, and underlines it', () => {
    const source = '{"name": request.body.name, "a": }';
    expect(syntax(source)).toEqual({ message: 'Something is missing before "}": a value after the ":" (position 34)', underlined: '}' });
    expect(syntax('{"name": request.body.name, }')).toEqual({ message: 'Something is missing before "}": another item after the ",", or remove the "," (position 29)', underlined: '}' });
    expect(syntax('$sum(1, )').message).toBe('Something is missing before ")": another item after the ",", or remove the "," (position 9)');
  });

  it('says what is not closed at the end', () => {
    expect(syntax('{"a": 1')).toEqual({ message: 'The expression ends too soon: a closing "}" is missing at the end (position 7)', underlined: '1' });
    expect(syntax('foo(').message).toBe('The expression ends too soon: a closing ")" is missing at the end (position 4)');
    expect(syntax('"abc')).toEqual({ message: 'A text in quotes is never closed: add the closing " at its end (position 4)', underlined: '"abc' });
    expect(syntax('request.body.')).toEqual({ message: 'A name is missing after the last "." (position 13)', underlined: '.' });
    expect(syntax('1 +').message).toBe('The expression stops too soon: something is missing after "+" (position 3)');
    expect(syntax('/* note').message).toBe('A comment is never closed: add */ where it ends (position 1)');
  });

  it('says what is out of place', () => {
    expect(syntax('{"a" 1}')).toEqual({ message: '":" is missing before "1" (position 6)', underlined: '1' });
    expect(syntax('{"a": 1 "b": 2}')).toEqual({ message: '"}" is missing before "b" (position 11)', underlined: '"b"' });
    expect(syntax('1 2').message).toBe('"2" cannot follow what comes before it: is an operator (like & or +) or a comma missing? (position 3)');
    expect(syntax('a !! b').message).toBe('"!" is not an operator JSONata knows (position 3)');
    expect(syntax('steps.null')).toEqual({ message: '"null" cannot be a name in a path: put it in backquotes, like `null` (position 10)', underlined: 'null' });
    expect(syntax('function(a) { a }').message).toBe("A function's parameters are $names: write $a (position 10)");
  });

  it('keeps messages it has no words for, such as a refused regular expression', () => {
    expect(syntax('$match("a", /(a)\\1/)').message).toMatch(/^.*backreference.*\(position \d+\)$/);
  });
});

describe('compileApi: parse errors in plain words', () => {
  it('names node, field, the reason and the expression', () => {
    const problem = onlyProblem(compileOne('respond', { body: '{"name": request.body.name, }' }, []), 'invalid_expression');
    expect(problem).toMatchObject({ severity: 'error', nodeId: 'subject', field: 'body', position: 29 });
    expect(problem.message).toBe(
      'Node "subject" (respond), field "body": Something is missing before "}": another item after the ",", or remove the "," (position 29) in "{"name": request.body.name, }"',
    );
  });
});
