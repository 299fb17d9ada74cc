import { task } from "../test/render";
import { applyMessage, dueBucket, groupTasks, searchTitles } from "./tasks";

const ALL = { status: null, urgency: null };
const NOW = new Date("2030-06-10T12:00:00Z");

describe("applyMessage", () => {
  it("adds a new task, replaces a changed one and drops a deleted one", () => {
    const one = task({ id: 1 });
    const added = applyMessage([one], { type: "task_created", data: { task: task({ id: 2 }) } }, ALL);
    expect(added.map((each) => each.id)).toEqual([1, 2]);
    const renamed = applyMessage(added, { type: "task_updated", data: { task: task({ id: 1, title: "New" }) } }, ALL);
    expect(renamed[0].title).toBe("New");
    expect(applyMessage(renamed, { type: "task_deleted", data: { task_id: 1 } }, ALL).map((each) => each.id)).toEqual([2]);
  });

  it("drops a task that no longer matches the filter, and is idempotent", () => {
    const open = { status: "new" as const, urgency: null };
    const done = { type: "task_updated" as const, data: { task: task({ id: 1, status: "done" }) } };
    expect(applyMessage([task({ id: 1 })], done, open)).toEqual([]);
    const created = { type: "task_created" as const, data: { task: task({ id: 3 }) } };
    expect(applyMessage(applyMessage([], created, ALL), created, ALL)).toHaveLength(1);
  });
});

describe("groupTasks", () => {
  const tasks = [
    task({ id: 1, status: "done", urgency: "urgent" }),
    task({ id: 2, due_at: "2030-06-09T12:00:00Z" }),
    task({ id: 3, due_at: "2030-06-10T20:00:00Z", urgency: "very_urgent" }),
    task({ id: 4, due_at: "2030-06-30T12:00:00Z" }),
  ];

  it("gives every status, urgency (most urgent first) or due bucket, in order", () => {
    expect(groupTasks(tasks, "status", NOW).map((group) => [group.key, group.tasks.length])).toEqual([
      ["new", 3], ["in_progress", 0], ["done", 1],
    ]);
    expect(groupTasks(tasks, "urgency", NOW).map((group) => group.key)).toEqual(["very_urgent", "urgent", "not_urgent"]);
    expect(groupTasks(tasks, "due", NOW, "Europe/Berlin").map((group) => group.tasks.map((each) => each.id))).toEqual([
      [2], [3], [], [4], [1],
    ]);
  });

  it("reads today on the person's clock", () => {
    const lateEvening = task({ due_at: "2030-06-10T23:30:00Z" });
    expect(dueBucket(lateEvening, NOW, "UTC")).toBe("today");
    expect(dueBucket(lateEvening, NOW, "Europe/Berlin")).toBe("week");
  });
});

it("searches titles whatever their case", () => {
  expect(searchTitles([task({ title: "Buy Milk" }), task({ id: 2 })], " milk ").map((each) => each.title)).toEqual(["Buy Milk"]);
});
