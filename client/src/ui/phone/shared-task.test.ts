import { TASK_LIMITS } from '@tasklane/shared/domain/task-fields';
import { launchIntentOf } from './launch-intent';
import { SHARED_INPUT_MAX_LENGTH, sharedTaskFrom } from './shared-task';

const share = (content: Partial<{ title: string; text: string; url: string }>) =>
  sharedTaskFrom({ title: '', text: '', url: '', ...content });

describe('a share becomes a task', () => {
  it('[PH6] the title is the shared title, else the first line of the text, else the link; the rest goes to the description', () => {
    expect(share({ title: 'Read later', text: 'A good article', url: 'https://example.com/a' })).toEqual({
      title: 'Read later',
      description: 'A good article\n\nhttps://example.com/a',
    });
    expect(share({ text: 'Buy milk\nand bread\n\nfrom the corner shop' })).toEqual({
      title: 'Buy milk',
      description: 'and bread\n\nfrom the corner shop',
    });
    expect(share({ url: 'https://example.com/page' })).toEqual({ title: 'https://example.com/page', description: '' });
    // Android puts the link in `text`: it is not repeated
    expect(share({ title: 'Page', text: 'https://example.com/p', url: 'https://example.com/p' })).toEqual({
      title: 'Page',
      description: 'https://example.com/p',
    });
  });

  it('[PH6] control and invisible characters go, the title is one line, and a link that is not http(s) is dropped', () => {
    expect(share({ title: '  Pay\u0000 rent\u202e \t now\r\n', text: 'line 1\r\n\r\n\r\n\r\nline 2' })).toEqual({
      title: 'Pay rent now',
      description: 'line 1\n\nline 2',
    });
    expect(share({ title: 'Click', url: 'javascript:alert(1)' })).toEqual({ title: 'Click', description: '' });
    expect(share({ url: 'javascript:alert(1)' })).toBeNull();
    expect(share({ url: 'not a url' })).toBeNull();
  });

  it('[PH6] nothing usable shared gives no task', () => {
    expect(share({})).toBeNull();
    expect(share({ title: ' \u200e\u0007 ', text: '\n\n' })).toBeNull();
  });

  it('[PH6] fields are cut to the task limits at a character boundary; a cut title stays whole in the description', () => {
    const long = '😀'.repeat(TASK_LIMITS.titleMaxLength + 50);
    const task = share({ title: long, text: 'x'.repeat(SHARED_INPUT_MAX_LENGTH * 2) });
    expect(task).not.toBeNull();
    // the schema counts UTF-16 units: 249 emoji (498 units) and the ellipsis
    expect(task!.title).toBe(`${'😀'.repeat(249)}…`);
    expect(task!.title.length).toBeLessThanOrEqual(TASK_LIMITS.titleMaxLength);
    expect(task!.description.startsWith(long)).toBe(true);
    expect(task!.description.length).toBe(TASK_LIMITS.descriptionMaxLength);
  });
});

describe('launch intents', () => {
  it('[PH5] the share target path with GET parameters is a share; anything else on it is an empty share', () => {
    expect(launchIntentOf(new URL('https://tasklane.test/share-target?title=T&text=x&url=https%3A%2F%2Fexample.com'))).toEqual({
      kind: 'share',
      task: { title: 'T', description: 'x\n\nhttps://example.com/' },
    });
    expect(launchIntentOf(new URL('https://tasklane.test/share-target'))).toEqual({ kind: 'share', task: null });
  });

  it('[PH4] ?action=new-task is the "New task" shortcut; a plain start is no intent', () => {
    expect(launchIntentOf(new URL('https://tasklane.test/?action=new-task'))).toEqual({ kind: 'new-task' });
    expect(launchIntentOf(new URL('https://tasklane.test/'))).toBeNull();
    expect(launchIntentOf(new URL('https://tasklane.test/?action=other'))).toBeNull();
  });
});
