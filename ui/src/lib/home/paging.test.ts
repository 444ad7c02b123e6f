import { describe, expect, it } from 'vitest';
import { HOME_PAGE, pageFor } from './paging';

describe('the home drawn a page at a time', () => {
  it('draws whole pages, enough to hold a given card', () => {
    expect(pageFor(0)).toBe(HOME_PAGE);
    expect(pageFor(HOME_PAGE - 1)).toBe(HOME_PAGE);
    expect(pageFor(HOME_PAGE)).toBe(2 * HOME_PAGE);
    expect(pageFor(10 * HOME_PAGE + 3)).toBe(11 * HOME_PAGE);
  });
});
