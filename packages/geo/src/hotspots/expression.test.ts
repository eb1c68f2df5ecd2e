import { describe, expect, it } from 'vitest';
import type { Table } from '../io/csv.js';
import { evaluateExpression, parseValueExpression } from './expression.js';

const table: Table = {
  columns: ['Persons', 'WhiteBrit', 'White: British', 'Zero'],
  rows: [
    { Persons: '100', WhiteBrit: '75', 'White: British': '70', Zero: '0' },
    { Persons: '1,200', WhiteBrit: '600', 'White: British': '500', Zero: '0' },
  ],
};

describe('value expressions', () => {
  it('columns and arithmetic with precedence, unary minus and quoted names', () => {
    expect(Array.from(evaluateExpression('(Persons-WhiteBrit)/Persons', table))).toEqual([0.25, 0.5]);
    expect(Array.from(evaluateExpression('Persons - WhiteBrit * 2 / 4', table))).toEqual([62.5, 900]);
    expect(Array.from(evaluateExpression('-WhiteBrit + 1e2', table))).toEqual([25, -500]);
    const q = evaluateExpression('1 - `White: British` / Persons', table);
    expect(q[0]).toBeCloseTo(0.3, 15);
    expect(q[1]).toBeCloseTo(1 - 500 / 1200, 15);
    expect(parseValueExpression('"White: British" + Persons*Persons').columns).toEqual([
      'White: British',
      'Persons',
    ]);
  });
  it('bad expressions and bad data are CohesionErrors naming the problem', () => {
    expect(() => parseValueExpression('(Persons-WhiteBrit')).toThrow(/missing "\)" at character 19/);
    expect(() => parseValueExpression('Persons +')).toThrow(/unexpected end/);
    expect(() => parseValueExpression('Persons; rm -rf')).toThrow(/unexpected ";" at character 8/);
    expect(() => parseValueExpression('')).toThrow(/empty/);
    expect(() => evaluateExpression('Persons/Zero', table)).toThrow(/is Infinity at row 1/);
    expect(() => evaluateExpression('Nope/Persons', table)).toThrow(/no column "Nope"/);
    const bad: Table = { columns: ['A'], rows: [{ A: '1' }, { A: 'n/a' }] };
    expect(() => evaluateExpression('A', bad)).toThrow(/row 2 holds "n\/a"/);
  });
});
