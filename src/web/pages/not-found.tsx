import { Layout } from '../layout.js';

export function NotFoundPage(props: { what: string }) {
  return (
    <Layout title="Not found">
      <h1>Not found</h1>
      <p>{props.what}</p>
      <p>
        <a href="/">Back to the latest articles</a>
      </p>
    </Layout>
  );
}
