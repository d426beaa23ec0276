// The people of the demo. Groups are what the access catalog matches on; `sub` is deliberately
// different from the username so the app cannot confuse the two.
export interface DemoUser {
  sub: string;
  username: string;
  password: string;
  name: string;
  email: string;
  groups: string[];
  role: "requester" | "approver" | "admin";
  /** One line on what this person is for in the demo (login page hint and demo banner). */
  summary: string;
}

export const demoUsers: readonly DemoUser[] = [
  {
    sub: "demo-alice",
    username: "alice",
    password: "demo",
    name: "Alice Example",
    email: "alice@example.com",
    groups: ["engineering"],
    role: "requester",
    summary: "requester: asks for access to AWS roles",
  },
  {
    sub: "demo-bob",
    username: "bob",
    password: "demo",
    name: "Bob Example",
    email: "bob@example.com",
    groups: ["engineering", "security"],
    role: "approver",
    summary: "approver: approves or denies requests",
  },
  {
    sub: "demo-carol",
    username: "carol",
    password: "demo",
    name: "Carol Example",
    email: "carol@example.com",
    groups: ["platform-admins", "security"],
    role: "admin",
    summary: "admin: requests Administrator in production; approves",
  },
  {
    sub: "demo-dan",
    username: "dan",
    password: "demo",
    name: "Dan Example",
    email: "dan@example.com",
    groups: ["contractors"],
    role: "requester",
    summary: "no access: in no group the catalog knows (sees the no-access page)",
  },
];
