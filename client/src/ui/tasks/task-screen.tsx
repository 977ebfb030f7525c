import { Fragment, useCallback, useDeferredValue, useEffect, useMemo, useRef, useState } from 'react';
import type { Task } from '@tasklane/shared/domain/task';
import type { TaskList } from '@tasklane/shared/domain/task-list';
import { STORAGE_PROBLEM_MESSAGE, storageProblemOf } from '../../db/storage-problem';
import type { TaskRepository } from '../../db/task-repository';
import type { MergedConflict, SyncEngine, SyncStatus } from '../../sync/sync-engine';
import { DeleteListDialog } from '../nav/delete-list-dialog';
import { ListDialog } from '../nav/list-dialog';
import { ListsNav } from '../nav/lists-nav';
import { localDateOf } from '@tasklane/shared/domain/due';
import { NavDrawer } from '../nav/nav-drawer';
import type { ListDraft, ListsPort } from '../nav/ports';
import { hashOf, INBOX, INBOX_ROUTE } from '../nav/route';
import { useMediaQuery, WIDE_SCREEN } from '../nav/use-media-query';
import { useNow } from '../nav/use-now';
import { useListReorder } from '../nav/use-list-reorder';
import { createUndoableListEdits } from '../nav/undoable-list-edits';
import { useRoute } from '../nav/use-route';
import { ViewHeader } from '../nav/view-header';
import { viewOf } from '../nav/view-sections';
import { listIndexOf, navCounts, tasksOfList } from '../nav/views';
import { ShortcutsDialog } from '../shortcuts/shortcuts-dialog';
import { focusField, useShortcuts } from '../shortcuts/use-shortcuts';
import { DEFAULT_QUERY, type ListQuery } from './filter-tasks';
import { ListControls } from './list-controls';
import { QuickAdd } from './quick-add';
import { SignOutDialog } from './sign-out-dialog';
import { SyncBar } from './sync-bar';
import { TaskEditor } from './task-editor';
import { RefusedEditsPanel } from '../sync-problems/refused-edits-panel';
import { useProblemTexts } from '../sync-problems/use-problem-texts';
import { InvitationsBadge, InvitationsView, ListSharingButton } from '../sharing/sharing-entry';
import { assignable, assigneeName, isMemberOf, isViewerOf, NO_MEMBERSHIPS, roleOn, sharedListName } from '../../sharing/memberships';
import type { Sharing } from '../../sharing/use-sharing';
import { AccountEntry } from '../account/account-entry';
import { useOpenTaskRequests } from '../../push/use-open-task-requests';
import type { SignOutOptions } from '../../session/device-session';
import type { TokenSource } from '../../session/token-source';
import { ExportEntry } from '../export/export-entry';
import type { ExportSource } from '../export/local-export';
import { ReorderableTaskList } from '../reorder/reorderable-task-list';
import { UndoToast } from '../undo/undo-toast';
import { useEdits } from '../undo/use-edits';
import { useObservable } from './use-observable';
import { InsightsView } from '../insights/insights-entry';
import { addDays } from '@tasklane/shared/domain/calendar-date';
import type { AcceptedSuggestion } from './suggestion-chips';
import { useSuggestions } from './use-suggestions';

/** Rows rendered at first; the next page renders when the end of the list nears the viewport (or on "Show more"). */
const PAGE = 50;
const UNDO_MS = 8000;
const NO_LISTS: TaskList[] = [];

type ListDialogState = { kind: 'create' } | { kind: 'edit'; id: string } | { kind: 'delete'; id: string };

export function TaskScreen(props: {
  tasks: Task[];
  repository: TaskRepository;
  lists: ListsPort;
  engine: SyncEngine | null;
  onSignInAgain: () => void;
  onSignOut: (options: SignOutOptions) => Promise<void>;
  /** The local collections, for export and import ([ED10], [ED11]). */
  exportSource?: ExportSource | null;
  /** The session's tokens, for the Account dialog ([AC5]–[AC8]); without them there is no Account entry. */
  accountTokens?: TokenSource;
  /** [SC1]–[SC6] Shared lists: the user's roles and invitations; without it every list is the user's alone. */
  sharing?: Sharing | null;
}) {
  const { tasks, repository, engine } = props;
  const status = useObservable<SyncStatus | null>(engine?.status$ ?? null, null);
  const [query, setQuery] = useState<ListQuery>(DEFAULT_QUERY);
  const deferredQuery = useDeferredValue(query);
  const [editing, setEditing] = useState<string | null>(null);
  useOpenTaskRequests(setEditing); // [WP5] a reminder notification's click
  const [conflict, setConflict] = useState<MergedConflict | null>(null);
  const [writeError, setWriteError] = useState<string | null>(null);
  const [signingOut, setSigningOut] = useState(false);

  const { route, navigate } = useRoute();
  const wide = useMediaQuery(WIDE_SCREEN);
  const { nowMs, timeZone } = useNow();
  const now = useMemo(() => new Date(nowMs), [nowMs]);
  const [drawerOpen, setDrawerOpen] = useState(false);
  const [listDialog, setListDialog] = useState<ListDialogState | null>(null);
  const [showShortcuts, setShowShortcuts] = useState(false);
  const loadedLists = useObservable<TaskList[] | null>(props.lists.lists$, null);
  const lists = loadedLists ?? NO_LISTS;
  const index = useMemo(() => listIndexOf(lists), [lists]);
  const { sharing } = props;
  const userId = sharing?.userId;
  const [whatNext, setWhatNext] = useState(false);
  const view = useMemo(
    () => viewOf(route, { tasks, lists, index, query: deferredQuery, nowMs, timeZone, userId, whatNext }),
    [route, tasks, lists, index, deferredQuery, nowMs, timeZone, userId, whatNext],
  );
  const reasonOf = useMemo(() => (view.reasons ? (task: Task) => view.reasons?.get(task.id) : undefined), [view]);
  const counts = useMemo(() => navCounts(tasks, index, nowMs, timeZone, userId), [tasks, index, nowMs, timeZone, userId]);
  const dialogList = listDialog && listDialog.kind !== 'create' ? lists.find((list) => list.id === listDialog.id) : undefined;
  const memberships = sharing?.memberships ?? NO_MEMBERSHIPS;
  const listNames = useCallback(
    (listId: string) => sharedListName(memberships, listId, lists.find((list) => list.id === listId)?.name),
    [memberships, lists],
  );
  // [SC7] assignees as rows name them; who may be assigned in a shared list (null: not shared, no choice)
  const assigneeOf = useCallback((task: Task) => assigneeName(memberships, userId ?? '', task), [memberships, userId]);
  const assignees = useMemo(
    () =>
      sharing
        ? { me: sharing.userId, peopleIn: (listId: string) => (memberships.lists.has(listId) ? assignable(memberships, listId) : null) }
        : undefined,
    [sharing, memberships],
  );
  const problems = useProblemTexts(engine, status?.problems, listNames, assigneeOf);
  // [SC4] a viewer's tasks are read-only, offline too (the memberships are cached)
  const readOnlyTask = useCallback((task: Task) => isViewerOf(memberships, task.listId), [memberships]);
  const roleOf = useCallback((listId: string) => roleOn(memberships, listId), [memberships]);
  const viewerList = route.view === 'list' && isViewerOf(memberships, route.listId);

  // [NV1] a list this device does not hold (deleted here or elsewhere, or a stale bookmark) shows the Inbox
  useEffect(() => {
    if (loadedLists && route.view === 'list' && route.listId !== INBOX && !index.held.has(route.listId))
      navigate(INBOX_ROUTE, { replace: true });
  }, [loadedLists, route, index, navigate]);
  // each view starts at its first page
  const [paging, setPaging] = useState({ view: hashOf(route), limit: PAGE });
  const limit = paging.view === hashOf(route) ? paging.limit : PAGE;
  const setLimit = useCallback((next: (n: number) => number) => setPaging({ view: hashOf(route), limit: next(limit) }), [route, limit]);

  useShortcuts({
    'new-task': () => focusField('quick-add'),
    search: () => focusField('search'),
    help: () => setShowShortcuts(true),
  });

  const more = useRef<HTMLButtonElement | null>(null);
  const hasMore = view.count > limit;
  useEffect(() => {
    const button = more.current;
    if (!button || typeof IntersectionObserver === 'undefined') return undefined;
    const observer = new IntersectionObserver((entries) => entries.some((entry) => entry.isIntersecting) && setLimit((n) => n + PAGE), {
      rootMargin: '600px 0px',
    });
    observer.observe(button);
    return () => observer.disconnect();
  }, [hasMore, setLimit]);
  const editingTask = editing ? tasks.find((task) => task.id === editing) : undefined;
  // [SC7] opening a task of a shared list asks for its people again (a role may have changed meanwhile)
  const editingList = editingTask?.listId;
  useEffect(() => {
    if (editingList && sharing && memberships.lists.has(editingList)) sharing.refreshPeople(editingList);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- once per task opened
  }, [editing]);
  const pendingIds = status?.pendingIds;

  const run = useCallback(async (action: () => Promise<unknown>) => {
    try {
      await action();
      setWriteError(null);
    } catch (error) {
      const problem = storageProblemOf(error);
      console.warn('Tasklane: a local write failed', error);
      setWriteError(problem ? STORAGE_PROBLEM_MESSAGE[problem] : 'That change could not be saved on this device. Try again.');
    }
  }, []);

  useEffect(() => {
    if (!engine) return undefined;
    const subscription = engine.conflicts$.subscribe(setConflict);
    return () => subscription.unsubscribe();
  }, [engine]);

  useEffect(() => {
    if (!conflict) return undefined;
    const timer = setTimeout(() => setConflict(null), UNDO_MS);
    return () => clearTimeout(timer);
  }, [conflict]);

  // [ED9] every edit goes through the undoable edits: a toast offers its undo, Ctrl/Cmd+Z too
  const editing$ = useEdits(repository, tasks, timeZone, run);
  const { onToggle, onReorder, onDelete: deleteTask } = editing$;
  const onListReorder = useListReorder(props.lists, editing$.stack, run);
  const listEdits = useMemo(() => createUndoableListEdits(props.lists, editing$.stack), [props.lists, editing$.stack]);
  const onDelete = useCallback(
    (id: string) => {
      setEditing(null);
      deleteTask(id);
    },
    [deleteTask],
  );
  const onTag = useCallback((tag: string) => setQuery((current) => ({ ...current, tag })), []);

  /**
   * [NV4] A task added in a list goes to that list; in Today or Upcoming, to the Inbox, due today. [SG5] What the user
   * took of the suggestions replaces those defaults.
   */
  const addTarget = route.view === 'list' ? route.listId : INBOX;
  const onAdd = (title: string, accepted: AcceptedSuggestion) => {
    const today = localDateOf(Date.now(), timeZone);
    const due =
      accepted.dueInDays !== undefined ? { date: addDays(today, accepted.dueInDays) } : route.view === 'list' ? undefined : { date: today };
    return run(() =>
      editing$.edits.create({
        title,
        listId: accepted.listId ?? addTarget,
        ...(due && { due }),
        ...(accepted.priority && { priority: accepted.priority }),
        ...(accepted.tags && { tags: accepted.tags }),
      }),
    );
  };
  const suggester = useSuggestions(tasks, timeZone);
  const listNameOf = useCallback((listId: string) => (index.held.has(listId) ? (listNames(listId) ?? null) : null), [index, listNames]);
  const suggestions = useMemo(
    () => suggester && { suggest: (title: string) => suggester.suggest(title), listId: addTarget, listName: listNameOf },
    [suggester, addTarget, listNameOf],
  );

  function saveList(draft: ListDraft) {
    const state = listDialog;
    setListDialog(null);
    if (state?.kind === 'create') {
      void run(async () => {
        const list = await listEdits.create(draft);
        navigate({ view: 'list', listId: list.id });
      });
    } else if (dialogList) {
      const patch = {
        ...(draft.name !== dialogList.name && { name: draft.name }),
        ...(draft.colour !== dialogList.colour && { colour: draft.colour }),
      };
      if (Object.keys(patch).length > 0) void run(() => listEdits.update(dialogList, patch));
    }
  }

  const nav = (
    <ListsNav
      lists={lists}
      problems={problems}
      roleOf={roleOf}
      showAssigned={memberships.lists.size > 0 || counts.assigned > 0}
      counts={counts}
      route={route}
      onNavigate={() => setDrawerOpen(false)}
      onNewList={() => {
        setDrawerOpen(false);
        setListDialog({ kind: 'create' });
      }}
      onReorder={onListReorder}
    />
  );

  const deleteCount = dialogList ? tasksOfList(tasks, dialogList.id, index).length : 0;
  let rowsLeft = limit;
  return (
    <div className={wide ? 'workspace wide' : 'workspace'}>
      {wide && <div className="sidebar">{nav}</div>}
      <main>
        <ViewHeader
          title={route.view === 'invitations' ? 'Invitations' : view.title}
          list={view.list}
          showMenu={!wide}
          onMenu={() => setDrawerOpen(true)}
          onEditList={() => view.list && setListDialog({ kind: 'edit', id: view.list.id })}
          editable={!view.list || !isMemberOf(memberships, view.list.id)}
          actions={
            sharing &&
            view.list && (
              <ListSharingButton
                key={view.list.id}
                sharing={sharing}
                list={view.list}
                onLeft={() => navigate(INBOX_ROUTE, { replace: true })}
              />
            )
          }
        />
        {!wide && (
          <NavDrawer open={drawerOpen} onClose={() => setDrawerOpen(false)}>
            {nav}
          </NavDrawer>
        )}
        <SyncBar status={status} onSignInAgain={props.onSignInAgain} />
        {sharing && route.view !== 'invitations' && <InvitationsBadge sharing={sharing} />}
        <RefusedEditsPanel engine={engine} lists={lists} names={listNames} assignees={assigneeOf} />
        {writeError && (
          <p className="banner" role="alert">
            {writeError}
          </p>
        )}
        {route.view === 'invitations' && sharing && <InvitationsView sharing={sharing} />}
        {route.view === 'insights' && <InsightsView tasks={tasks} lists={lists} now={now} timeZone={timeZone} />}
        {route.view !== 'invitations' && route.view !== 'assigned' && route.view !== 'insights' && !viewerList && (
          <QuickAdd onAdd={onAdd} suggestions={suggestions} />
        )}
        {viewerList && <p className="hint">You can view this list’s tasks but not change them.</p>}
        {route.view === 'today' && (
          <p className="view-options">
            <button type="button" aria-pressed={whatNext} onClick={() => setWhatNext((on) => !on)}>
              What next
            </button>
          </p>
        )}
        {route.view !== 'invitations' && route.view !== 'insights' && (
          <>
            <ListControls query={query} onChange={setQuery} tags={view.tags} inList={route.view === 'list'} />
            <p className="visually-hidden" role="status" aria-live="polite">
              {view.count} {view.count === 1 ? 'task' : 'tasks'} shown
            </p>
            {view.count === 0 ? (
              <p className="empty">{view.empty}</p>
            ) : (
              view.sections.map((section) => {
                if (rowsLeft <= 0) return null;
                const rows = section.tasks.slice(0, rowsLeft);
                rowsLeft -= rows.length;
                const list = (
                  <ReorderableTaskList
                    tasks={rows}
                    label={section.heading ?? 'Tasks'}
                    pendingIds={pendingIds}
                    problems={problems}
                    readOnly={readOnlyTask}
                    assigneeOf={assigneeOf}
                    reasonOf={reasonOf}
                    now={now}
                    reorderable={route.view === 'list' && !viewerList && deferredQuery.sort === 'manual'}
                    timeZone={timeZone}
                    onToggle={onToggle}
                    onOpen={setEditing}
                    onDelete={onDelete}
                    onTag={onTag}
                    onReorder={onReorder}
                  />
                );
                if (section.heading === null) return <Fragment key={section.key}>{list}</Fragment>;
                return (
                  <section
                    key={section.key}
                    className={section.overdue ? 'view-section overdue' : 'view-section'}
                    aria-labelledby={`section-${section.key}`}
                  >
                    <h3 id={`section-${section.key}`}>
                      {section.heading} <span className="count">({section.tasks.length})</span>
                    </h3>
                    {list}
                  </section>
                );
              })
            )}
            {hasMore && (
              <p>
                <button type="button" ref={more} onClick={() => setLimit((n) => n + PAGE)}>
                  Show more ({view.count - limit} left)
                </button>
              </p>
            )}
          </>
        )}
        <p className="screen-actions">
          <ExportEntry source={props.exportSource ?? null} />
          {props.accountTokens && (
            // the Account dialog signs out after ending the session on the server ([SO1])
            <AccountEntry
              tokens={props.accountTokens}
              onSignedOut={(remove) => void props.onSignOut({ removeLocalData: remove, endedOnServer: true })}
            />
          )}
          {wide && (
            <button type="button" onClick={() => setShowShortcuts(true)}>
              Keyboard shortcuts
            </button>
          )}
          <button type="button" onClick={() => setSigningOut(true)}>
            Sign out
          </button>
        </p>

        {editingTask && (
          <TaskEditor
            key={editingTask.id}
            task={editingTask}
            problem={problems?.get(`tasks:${editingTask.id}`)}
            readOnly={readOnlyTask(editingTask)}
            assignees={assignees}
            lists={readOnlyTask(editingTask) ? lists : lists.filter((list) => !isViewerOf(memberships, list.id))}
            timeZone={timeZone}
            edits={editing$.edits}
            run={run}
            onClose={() => setEditing(null)}
            onDelete={() => onDelete(editingTask.id)}
          />
        )}
        {listDialog?.kind === 'create' && (
          <ListDialog
            list={null}
            onSave={saveList}
            onArchive={() => undefined}
            onDelete={() => undefined}
            onClose={() => setListDialog(null)}
          />
        )}
        {listDialog?.kind === 'edit' && dialogList && (
          <ListDialog
            key={dialogList.id}
            list={dialogList}
            onSave={saveList}
            onArchive={(archived) => {
              setListDialog(null);
              void run(() => listEdits.update(dialogList, { archived }));
            }}
            onDelete={() => setListDialog({ kind: 'delete', id: dialogList.id })}
            onClose={() => setListDialog(null)}
          />
        )}
        {listDialog?.kind === 'delete' && dialogList && (
          <DeleteListDialog
            list={dialogList}
            taskCount={deleteCount}
            onClose={() => setListDialog(null)}
            onConfirm={(choice) => {
              setListDialog(null);
              if (route.view === 'list' && route.listId === dialogList.id) navigate(INBOX_ROUTE, { replace: true });
              void run(() => listEdits.remove(dialogList, choice, deleteCount));
            }}
          />
        )}
        {showShortcuts && <ShortcutsDialog onClose={() => setShowShortcuts(false)} />}
        {signingOut && (
          <SignOutDialog
            waiting={pendingIds?.size ?? 0}
            onClose={() => setSigningOut(false)}
            onConfirm={(remove) => void props.onSignOut({ removeLocalData: remove })}
          />
        )}
        <UndoToast stack={editing$.stack} undo={editing$.undo} />
        <p className="visually-hidden" role="status" aria-live="polite" data-testid="edit-announcer">
          {editing$.announcement}
        </p>
        {conflict && (
          <div className="toast upper" role="status" data-testid="conflict-notice">
            <span>“{conflict.title}” was changed on another device too; both edits were merged.</span>
            <button type="button" onClick={() => setConflict(null)}>
              OK
            </button>
          </div>
        )}
      </main>
    </div>
  );
}
