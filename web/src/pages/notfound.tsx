import { Empty, PageHeader } from "../ui";

export function NotFound() {
  return (
    <>
      <PageHeader title="Page not found" />
      <Empty title="There is nothing at this address">
        <p>
          <a href="/">Back to your projects</a>
        </p>
      </Empty>
    </>
  );
}
