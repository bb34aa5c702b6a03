/** Styles of the story page's timeline and the article page's story sections. */
export const STORY_CSS = `
ol.timeline{list-style:none;padding:0;margin:1.2rem 0;border-left:2px solid var(--line)}
ol.timeline li{position:relative;padding:.35rem 0 .7rem 1.1rem}
ol.timeline li::before{content:"";position:absolute;left:-.42rem;top:.75rem;width:.7rem;height:.7rem;border-radius:50%;background:#c9b8a6}
ol.timeline li.first::before{background:#8a4b2a}
ol.timeline time{display:block;font-size:.85rem;color:var(--muted)}
ol.timeline .outlet{display:block;font-size:.85rem;color:var(--muted)}
ol.timeline .how{display:block;font-size:.85rem;color:var(--muted)}
ol.timeline li.first .badge{background:#f3e2d4;color:#6b3519}
section.story-links{margin-bottom:1.5rem;padding-bottom:1rem;border-bottom:1px solid var(--line)}
`;
