export type Note = { id: string; title: string; excerpt: string; createdAt: string };
export type Comment = { id: number; author: string; body: string };
export type Invoice = { id: number; amountCents: number; paid: boolean };
