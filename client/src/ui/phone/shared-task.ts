import { TASK_LIMITS } from '@tasklane/shared/domain/task-fields';

/** What another app shared (the manifest's share_target GET parameters), as it arrived. */
export type SharedContent = { title: string; text: string; url: string };

/** The task a share becomes: always within the task schema's limits. */
export type SharedTask = { title: string; description: string };

/** Each parameter is cut to this before anything else: a huge share costs nothing. */
export const SHARED_INPUT_MAX_LENGTH = 20_000;

// C0/C1 controls and the bidirectional overrides that could disguise text; tab and newline are handled apart.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const INVISIBLE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g;

function cleanText(value: string): string {
  return value
    .slice(0, SHARED_INPUT_MAX_LENGTH)
    .replace(/\r\n?/g, '\n')
    .replace(/\t/g, ' ')
    .replace(INVISIBLE, '')
    .split('\n')
    .map((line) => line.replace(/ {2,}/g, ' ').trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

function oneLine(value: string): string {
  return cleanText(value).replace(/\s+/g, ' ');
}

/** Only a web link is kept from the `url` parameter; anything else (`javascript:`, `file:`, garbage) is dropped. */
function webLink(value: string): string {
  const candidate = oneLine(value);
  if (!candidate) return '';
  try {
    const parsed = new URL(candidate);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.href : '';
  } catch {
    return '';
  }
}

/** At most `max` UTF-16 units (what the task schema counts), cut between characters and marked with an ellipsis. */
function bounded(value: string, max: number): string {
  if (value.length <= max) return value;
  let kept = '';
  for (const point of value) {
    if (kept.length + point.length > max - 1) break;
    kept += point;
  }
  return `${kept.trimEnd()}…`;
}

/**
 * [PH6] A share becomes a task: the title is the shared title, else the first line of the text, else the link; the
 * rest of the text and the link go to the description. Invisible and control characters are removed, the title is one
 * line, both fields are cut to the task limits (a title that had to be cut stays whole in the description).
 * `null` when nothing usable was shared.
 */
export function sharedTaskFrom(content: SharedContent): SharedTask | null {
  const title = oneLine(content.title);
  const text = cleanText(content.text);
  const link = webLink(content.url);

  let taskTitle = title;
  let rest = text;
  if (!taskTitle && text) {
    const [first = '', ...others] = text.split('\n');
    taskTitle = first;
    rest = others.join('\n').trim();
  }
  if (!taskTitle) taskTitle = link;
  if (!taskTitle) return null;

  const parts: string[] = [];
  const cut = taskTitle.length > TASK_LIMITS.titleMaxLength;
  if (cut) parts.push(taskTitle);
  if (rest) parts.push(rest);
  // Apps often repeat the link inside the text; say it once.
  const linkAsSent = oneLine(content.url);
  const linkShown = [taskTitle, text].some((part) => part.includes(link) || (linkAsSent !== '' && part.includes(linkAsSent)));
  if (link && !linkShown) parts.push(link);
  return {
    title: bounded(taskTitle, TASK_LIMITS.titleMaxLength),
    description: bounded(parts.join('\n\n'), TASK_LIMITS.descriptionMaxLength),
  };
}
