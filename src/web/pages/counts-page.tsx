import { Layout } from '../layout.js';
import { COUNTS_MEAN } from '../counts.js';

/** The counting rule behind every number the archive shows, at a permalink pages can point to. */
export function CountsPage() {
  return (
    <Layout title="How counts work">
      <h1>How counts work</h1>
      <p class="lede">Every number in this archive counts the same things, so the same question gets the same answer on every page, in the API and in exports.</p>
      <dl class="definitions">
        <dt id="articles">Articles</dt>
        <dd>
          {COUNTS_MEAN.articles} Outlets often list one text under several addresses (kcna.kp files a report under each category it
          belongs to); the archive keeps it once, with every address, and each address still opens it. A copy that differs only in
          boilerplate (a header, a site stamp, spacing) on the same day under the same title is the same text; its wording is kept as a
          version.
        </dd>
        <dt id="stories">Stories</dt>
        <dd>
          {COUNTS_MEAN.stories} Search, its facets, its timeline and its exports count stories when "one per story" is on, and articles when
          it is off.
        </dd>
        <dt id="mentions">People, organizations, places</dt>
        <dd>{COUNTS_MEAN.mentions} The entity list, the entity page and a search for <code>entity:ID</code> give the same number.</dd>
        <dt id="coverage">No data is not zero</dt>
        <dd>
          A period in which the archive holds nothing from an outlet is shown as having no data, never as a count of zero: an absence of
          articles in the archive is not an absence of reporting.
        </dd>
      </dl>
    </Layout>
  );
}
