import { dateOfEpochDay, epochDayOfDate } from '@tasklane/shared/domain/calendar-date';
import { localDateOf, type Due } from '@tasklane/shared/domain/due';
import type { StoredTask } from '@tasklane/shared/domain/task';
import { instantOfLocal } from '@tasklane/shared/domain/zoned-time';
import { api, registerUser, type RegisteredUser } from '@tasklane/testkit/api-client';
import { startTestServer, type TestServer } from '@tasklane/testkit/start-test-server';
import { makeTempDir } from '@tasklane/testkit/temp-dir';
import { createEmbeddedStore } from '../src/store/sqlite/embedded-store';
import type { Store, TaskListQuery } from '../src/store/store';
import { DUE_VIEW_SCAN, type UpcomingPage } from '../src/sync/task-views';
import { makeTask } from '@tasklane/testkit/task-fixture';

/**
 * docs/protocol.md [LR7], docs/data-model-v2.md [DM23]: `GET /api/tasks?view=today|upcoming&tz=…`. The dues are set
 * relative to the real clock (the server's), in days of the zone, so the views are what they are on any day.
 */
describe('REST Today and Upcoming', () => {
  const temp = makeTempDir('task-views');
  let server: TestServer;
  const queries: TaskListQuery[] = [];
  const returned: StoredTask[] = [];
  const zone = 'Europe/Berlin';

  beforeAll(async () => {
    const real = createEmbeddedStore({ dataDir: temp.dir });
    // Every listing the server asks of the store, and what it got: a view reads a bounded range, never the account.
    const store: Store = {
      ...real,
      async listTasks(userId, query) {
        queries.push(query);
        const page = await real.listTasks(userId, query);
        returned.push(...page.tasks);
        return page;
      },
    };
    server = await startTestServer({ store });
  });
  afterAll(async () => {
    await server.close();
    temp.remove();
  });

  const today = () => epochDayOfDate(localDateOf(Date.now(), zone));
  const date = (day: number): Due => ({ date: dateOfEpochDay(day) });
  /** Noon of local day `day` in the zone, as a timed due. */
  const noon = (day: number): Due => ({
    at: new Date(instantOfLocal({ epochDay: day, msOfDay: 12 * 3_600_000 }, zone)).toISOString(),
    timeZone: zone,
  });

  async function create(user: RegisteredUser, title: string, fields: object): Promise<StoredTask> {
    const response = await api(server.url, 'POST', '/api/tasks', { token: user.accessToken, body: { title, ...fields } });
    if (response.status !== 201) throw new Error(`create: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body as StoredTask;
  }
  const get = (user: RegisteredUser, query: string) => api(server.url, 'GET', `/api/tasks?${query}`, { token: user.accessToken });

  /** Runs `read` again when the zone's day changed while it ran (a test started just before midnight). */
  async function onOneDay<T>(read: (day: number) => Promise<T>): Promise<T> {
    for (;;) {
      const day = today();
      const result = await read(day);
      if (today() === day) return result;
    }
  }

  it('[LR7] [DM23] Today is every open task due today or overdue, in due order; Upcoming is today and the next six days, grouped by day', async () => {
    const user = await registerUser(server.url);
    const other = await registerUser(server.url);
    const work = (await api(server.url, 'POST', '/api/lists', { token: user.accessToken, body: { name: 'Work' } })).body;
    await onOneDay(async (day) => {
      const t = {
        overdueDate: await create(user, 'overdue date', { due: date(day - 3) }),
        overdueTimed: await create(user, 'overdue timed', { due: noon(day - 2) }),
        todayDate: await create(user, 'today', { due: date(day) }),
        tomorrow: await create(user, 'tomorrow', { due: date(day + 1) }),
        inSixDays: await create(user, 'in six days', { due: noon(day + 6), listId: work.id }),
        inSevenDays: await create(user, 'in seven days', { due: date(day + 7) }),
      };
      await create(user, 'no due', {});
      await create(user, 'done today', { due: date(day), status: 'done' });
      await create(other, 'someone else', { due: date(day) });

      queries.length = 0;
      returned.length = 0;
      const todayPage = (await get(user, `view=today&tz=${zone}`)).body;
      expect(todayPage).toEqual({ tasks: [t.overdueDate, t.overdueTimed, t.todayDate], nextCursor: null });
      const upcoming = (await get(user, `view=upcoming&tz=${zone}`)).body;
      expect(upcoming).toEqual({
        days: [
          { date: dateOfEpochDay(day), tasks: [t.todayDate] },
          { date: dateOfEpochDay(day + 1), tasks: [t.tomorrow] },
          { date: dateOfEpochDay(day + 6), tasks: [t.inSixDays] },
        ],
        nextCursor: null,
      });
      // Bounded by due: every listing had a bound, Upcoming read no overdue task, and neither read past its last day.
      expect(queries.every((query) => query.dueBefore !== undefined)).toBe(true);
      const read = new Set(returned.map((task) => task.id));
      expect([t.inSevenDays.id].filter((id) => read.has(id))).toEqual([]);
      expect(returned.filter((task) => task.id === t.overdueDate.id)).toHaveLength(1);

      const inWork = (await get(user, `view=upcoming&tz=${zone}&listId=${work.id}`)).body;
      expect(inWork.days).toEqual([{ date: dateOfEpochDay(day + 6), tasks: [t.inSixDays] }]);
    });
  });

  it('[LR7] [DM2] the day is the user’s: a date-only due is today in Kiritimati while it is still tomorrow in Pago Pago', async () => {
    const user = await registerUser(server.url);
    await onOneDay(async () => {
      const kiritimatiToday = localDateOf(Date.now(), 'Pacific/Kiritimati');
      const task = await create(user, 'date line', { due: { date: kiritimatiToday } });
      const ids = async (tz: string) => ((await get(user, `view=today&tz=${tz}`)).body.tasks as StoredTask[]).map((found) => found.id);
      expect(await ids('Pacific/Kiritimati')).toEqual([task.id]);
      expect(await ids('Pacific/Pago_Pago')).toEqual([]);
      const { days } = (await get(user, 'view=upcoming&tz=Pacific/Pago_Pago')).body as UpcomingPage;
      expect(days.map((group) => group.date)).toEqual([kiritimatiToday]);
    });
  });

  it('[LR7] a view pages like the plain listing, `limit` tasks a page, each task once', async () => {
    const user = await registerUser(server.url);
    await onOneDay(async (day) => {
      const made: string[] = [];
      for (let index = 0; index < 5; index += 1) made.push((await create(user, `t${index}`, { due: date(day - index) })).id);
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const query: string = `view=today&tz=${zone}&limit=2${cursor ? `&cursor=${cursor}` : ''}`;
        const page = (await get(user, query)).body;
        expect(page.tasks.length).toBeLessThanOrEqual(2);
        seen.push(...(page.tasks as StoredTask[]).map((task) => task.id));
        cursor = page.nextCursor;
        pages += 1;
      } while (cursor !== null);
      expect(pages).toBe(3);
      expect(seen).toEqual([...made].reverse());
    });
  });

  it.each([
    ['view=today', /tz: view=today needs the user's IANA time zone/],
    ['view=upcoming&tz=europe/berlin', /tz: /],
    ['view=today&tz=%2B01:00', /tz: must be an IANA time zone name/],
    ['view=today&tz=Mars/Olympus_Mons', /tz: "Mars\/Olympus_Mons" is not a time zone/],
    ['tz=Europe/Berlin', /tz: tz is only used with view/],
    ['view=tomorrow&tz=Europe/Berlin', /view: /],
    ['listId=../x', /listId: /],
  ])('[LR7] [V1] GET /api/tasks?%s is 400 INVALID_MESSAGE naming the parameter', async (query, message) => {
    const user = await registerUser(server.url);
    const response = await get(user, query);
    expect({ status: response.status, code: response.body.error.code }).toEqual({ status: 400, code: 'INVALID_MESSAGE' });
    expect(response.body.error.message).toMatch(message);
  });

  it('[LR16] a view reads at most 2,000 rows per request: a page may come back short, even empty, with a cursor to follow', async () => {
    const user = await registerUser(server.url);
    // Dated tomorrow, so in the store's due order before the end of today in UTC, yet none of them is due today.
    const tomorrow = dateOfEpochDay(epochDayOfDate(localDateOf(Date.now(), 'UTC')) + 1);
    const rows = Array.from({ length: 2_500 }, (_, index) => ({
      newDocumentState: makeTask({ title: `later ${index}`, due: { date: tomorrow } }),
    }));
    for (let start = 0; start < rows.length; start += 500) await server.store.applyPush(user.id, rows.slice(start, start + 500));
    const overdue = await create(user, 'overdue', { due: { date: '2020-01-01' } });
    returned.length = 0;
    const first = await get(user, 'view=today&tz=UTC&limit=5');
    expect(first.status).toBe(200);
    const firstPage = first.body as { tasks: StoredTask[]; nextCursor: string | null };
    expect(firstPage.tasks.map((task) => task.id)).toEqual([overdue.id]);
    expect(firstPage.nextCursor).not.toBeNull();
    expect(returned.length).toBeLessThanOrEqual(DUE_VIEW_SCAN.maxExamined + DUE_VIEW_SCAN.readAtLeast);
    const second = await get(user, `view=today&tz=UTC&limit=5&cursor=${encodeURIComponent(firstPage.nextCursor!)}`);
    expect(second.body).toEqual({ tasks: [], nextCursor: null });
  });
});
