import { canonicalTagSet, tagsAreDistinct, withCanonicalTags } from './task-tags';

const composed = 'caf\u00e9';
const decomposed = 'cafe\u0301';

describe('tags in their canonical spelling', () => {
  it('[D5] two spellings of one tag are not distinct; case still is', () => {
    expect(tagsAreDistinct([composed, decomposed])).toBe(false);
    expect(tagsAreDistinct(['home', 'Home', composed])).toBe(true);
  });

  it('[D5] a device writes what the user typed as a canonical set, in typed order; the server rewrites only what needs it', () => {
    expect(canonicalTagSet([decomposed, 'home', composed])).toEqual([composed, 'home']);
    const task = { id: 't', tags: ['home'] };
    expect(withCanonicalTags(task)).toBe(task);
    expect(withCanonicalTags({ id: 't', tags: [decomposed] })).toEqual({ id: 't', tags: [composed] });
  });
});
