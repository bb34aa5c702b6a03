/** The admin link in the header and the users page (/admin/users): calm controls that fit table cells and wrap on a phone. */
export const ADMIN_CSS = `
header.site .admin-link{margin-left:auto;color:var(--muted);text-decoration:none}
header.site .admin-link:hover{color:var(--fg)}
header.site .admin-link+form.signout{margin-left:0}
table.accounts{margin:0 0 1rem}
table.accounts td{vertical-align:top}
table.accounts form{margin:0}
table.accounts small{display:block;color:var(--muted)}
table.accounts time{white-space:nowrap}
table.accounts select,table.accounts button,form.add-user input,form.add-user select,form.add-user button{font:inherit;font-size:.9rem;padding:.2rem .5rem;border:1px solid #b9b6ad;border-radius:6px;background:#fff;color:var(--fg)}
table.accounts button:hover,form.add-user button:hover{border-color:var(--fg)}
details.remove summary{cursor:pointer;color:var(--link);white-space:nowrap}
details.remove form{margin-top:.3rem}
form.add-user{max-width:24rem}
form.add-user p{margin:0 0 .8rem}
form.add-user input{width:100%;padding:.35rem .5rem}
form.add-user button{background:var(--fg);color:#fff;border-color:var(--fg);padding:.35rem .9rem}
`;
