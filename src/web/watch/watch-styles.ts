/** The header's "Saved searches" link, /watch and the search page's save form: calm, one column on a phone. */
export const WATCH_CSS = `
header.site .watch-link{margin-left:auto;color:var(--muted);text-decoration:none}
header.site .watch-link:hover{color:var(--fg)}
header.site .watch-link+.admin-link,header.site .watch-link+form.signout{margin-left:0}
section.watch{border-top:1px solid var(--line);padding:1rem 0 .6rem;max-width:48rem}
section.watch h3{font:700 1.25rem/1.3 var(--serif);margin:0 0 .5rem;overflow-wrap:anywhere}
section.watch h4{font-size:.82rem;text-transform:uppercase;letter-spacing:.05em;color:var(--muted);margin:1rem 0 .1rem;font-weight:600}
dl.watch-facts{display:grid;grid-template-columns:max-content minmax(0,1fr);gap:.2rem 1rem;margin:0 0 .6rem;font-size:.95rem}
dl.watch-facts dt{color:var(--muted)}
dl.watch-facts dd{margin:0;overflow-wrap:anywhere}
dl.watch-facts .channels span+span::before{content:" · "}
@media (max-width:600px){dl.watch-facts{grid-template-columns:1fr;gap:0}dl.watch-facts dd{margin-bottom:.4rem}}
ul.watch-list li{padding:.35rem 0;font-size:.95rem;overflow-wrap:anywhere}
ul.watch-list li.failed .d{color:var(--accent)}
.watch-state form{display:inline-block;margin:.3rem 0 0 .5rem}
.watch-secret code{overflow-wrap:anywhere;word-break:break-all}
form.watch-new{max-width:32rem}
form.watch-new p{margin:0 0 .8rem}
form.watch-new input[type=text],form.watch-new input[type=url],form.watch-new input[type=email]{width:100%;font:inherit;padding:.35rem .5rem;border:1px solid #b9b6ad;border-radius:6px;background:#fff;color:var(--fg)}
fieldset.watch-kinds{border:0;padding:0;margin:0 0 .8rem}
fieldset.watch-kinds legend{padding:0;margin-bottom:.2rem}
fieldset.watch-kinds label{display:inline-block;margin-right:1rem;white-space:nowrap}
form.watch-new button{font:inherit;font-size:.9rem;padding:.35rem .9rem;border:1px solid var(--fg);border-radius:6px;background:var(--fg);color:#fff;cursor:pointer}
.watch-state button,section.watch details.remove button{font:inherit;font-size:.9rem;padding:.2rem .6rem;border:1px solid #b9b6ad;border-radius:6px;background:#fff;color:var(--fg);cursor:pointer}
.watch-state button:hover,section.watch details.remove button:hover{border-color:var(--fg)}
section.watch details.remove{margin:.6rem 0 0;font-size:.92rem}
details.save-search,p.save-search{margin:-.4rem 0 1rem;font-size:.92rem}
details.save-search summary{cursor:pointer;color:var(--link)}
details.save-search form{margin-top:.5rem}
`;
