/**
 * The GraphQL schema of `/graphql` (docs/graphql.md). `npm run graphql-schema` prints it to docs/schema.graphql, and
 * a test fails when that file drifts ([GQ13]). Field meanings are those of the task and list documents
 * (docs/protocol.md §1, docs/data-model-v2.md); inputs are validated by the same zod schemas as REST.
 */
export const GRAPHQL_TYPE_DEFS = /* GraphQL */ `
  """
  A JSON value: a recurrence rule as docs/data-model-v2.md describes it.
  """
  scalar JSON

  enum TaskStatus {
    todo
    in_progress
    done
  }

  enum TaskPriority {
    low
    medium
    high
  }

  """
  Either a calendar date, or an instant with the time zone it was set in.
  """
  type Due {
    "YYYY-MM-DD, for a task due on a day"
    date: String
    "An ISO-8601 instant, for a task due at a time"
    at: String
    "The IANA zone of a timed due"
    timeZone: String
  }

  type Reminder {
    id: ID!
    "An ISO-8601 instant"
    at: String
    "An ISO-8601 duration before the due"
    before: String
  }

  type ChecklistItem {
    id: ID!
    text: String!
    done: Boolean!
  }

  "An earlier occurrence of a series, completed (docs/insights.md IN2)"
  type Completion {
    occurrence: Int!
    at: String!
  }

  type Task {
    id: ID!
    title: String!
    description: String!
    status: TaskStatus!
    priority: TaskPriority!
    listId: ID!
    "The user the task is assigned to, or null"
    assignee: ID
    due: Due
    recurrence: JSON
    "The series' occurrence counter (recurring tasks)"
    occurrence: Int!
    "When each earlier occurrence of the series was completed, the latest 100, by occurrence"
    completions: [Completion!]!
    "Live checklist items, in their order"
    checklist: [ChecklistItem!]!
    reminders: [Reminder!]!
    "Manual order within the list (a fractional-indexing key), or null"
    order: String
    tags: [String!]!
    createdAt: String!
    updatedAt: String!
    completedAt: String
    "True for a tombstone (subscriptions only: queries never return deleted tasks)"
    deleted: Boolean!
    "The server-assigned revision (seq): what updateTask's expectedRevision compares"
    revision: Int!
  }

  type TaskList {
    id: ID!
    name: String!
    colour: String!
    order: String!
    archived: Boolean!
    inbox: Boolean!
    createdAt: String!
    updatedAt: String!
    revision: Int!
  }

  type Viewer {
    id: ID!
    email: String!
  }

  type TaskPage {
    items: [Task!]!
    "Pass as after for the next page; null on the last page"
    nextCursor: String
  }

  type ListPage {
    items: [TaskList!]!
    nextCursor: String
  }

  input TaskFilter {
    listId: ID
    status: TaskStatus
    "Due on or after this day (YYYY-MM-DD; a timed due counts on its day in its own zone)"
    dueFrom: String
    "Due on or before this day (YYYY-MM-DD)"
    dueTo: String
    "Tasks carrying this tag"
    tag: String
    "Words or word prefixes in the title or description"
    text: String
  }

  input DueInput {
    date: String
    at: String
    timeZone: String
  }

  input ReminderInput {
    id: ID!
    at: String
    before: String
  }

  input ChecklistItemInput {
    "The id of an existing item to edit; omit for a new item"
    id: ID
    text: String!
    done: Boolean
  }

  input CreateTaskInput {
    id: ID
    title: String!
    description: String
    status: TaskStatus
    priority: TaskPriority
    listId: ID
    assignee: ID
    due: DueInput
    recurrence: JSON
    checklist: [ChecklistItemInput!]
    reminders: [ReminderInput!]
    order: String
    tags: [String!]
  }

  "The fields to change; an explicit null clears due, assignee, recurrence or order"
  input TaskPatch {
    title: String
    description: String
    status: TaskStatus
    priority: TaskPriority
    listId: ID
    assignee: ID
    due: DueInput
    recurrence: JSON
    checklist: [ChecklistItemInput!]
    reminders: [ReminderInput!]
    order: String
    tags: [String!]
  }

  type TaskUpdated {
    task: Task!
  }

  "The task changed since expectedRevision: nothing was written; current is the task as it is now"
  type TaskConflict {
    current: Task!
    expectedRevision: Int!
  }

  union UpdateTaskResult = TaskUpdated | TaskConflict

  type Query {
    viewer: Viewer!
    "The caller's tasks and those of lists shared with them, newest first; deleted tasks never"
    tasks(filter: TaskFilter, first: Int = 50, after: String): TaskPage!
    "A task the caller holds, or null"
    task(id: ID!): Task
    "The caller's lists and those shared with them, in their manual order"
    lists(first: Int = 100, after: String): ListPage!
  }

  type Mutation {
    createTask(input: CreateTaskInput!): Task!
    "Without expectedRevision the patch applies to the task as it is; with it, only to that revision"
    updateTask(id: ID!, expectedRevision: Int, patch: TaskPatch!): UpdateTaskResult!
    "Completes the task (a recurring task's current occurrence)"
    completeTask(id: ID!): Task!
    "Deletes the task (a tombstone that syncs); answers its id"
    deleteTask(id: ID!): ID!
  }

  type Subscription {
    "Every task written for the caller from now on (own and shared, from any instance), deletions included"
    taskChanged: Task!
  }
`;
