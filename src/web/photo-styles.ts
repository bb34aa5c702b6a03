/** Photos: thumbnails on article pages, image changes side by side with the changed region outlined. */
export const PHOTO_CSS = `
.photos{display:flex;flex-wrap:wrap;gap:.75rem;margin:1rem 0;padding:0;list-style:none}
.photos li{flex:0 1 12rem;min-width:0}
.photos figure{margin:0}
.photos img,.image-pair img{max-width:100%;height:auto;display:block}
.photos figcaption,.image-pair figcaption{font-size:.85em;color:#555}
.image-pair{display:flex;flex-wrap:wrap;gap:1rem;align-items:flex-start;margin:.5rem 0 1.5rem}
.image-pair figure{margin:0;flex:0 1 20rem;min-width:0}
.image-frame{position:relative;display:block;line-height:0}
.image-frame svg{position:absolute;left:0;top:0;width:100%;height:100%;pointer-events:none}
.image-region{fill:none;stroke:#d00;stroke-width:3px;vector-effect:non-scaling-stroke}
.photo-full{max-width:100%;height:auto}
.photo-variants{list-style:none;margin:1rem 0;padding:0}
.photo-variants .image-pair{margin:0 0 1rem}
.photo-overlay{border:1px solid #ccc}
.photo-facts{overflow-wrap:anywhere}
`;
