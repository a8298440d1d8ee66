"""bip_content: a BIP's documents and their rules, without Pelican.

The one model every stage reads: the front-matter schema (fields.FIELDS),
a source document and its dates (documents), the site data of bip.yaml
(sitedata), the addresses and page types the build writes (addresses), the
clerks' Markdown and its safe rendering (dialect, markup), text utilities
(characters, the folding rule fields.fold, lexicon: the Polish dictionary,
mojibake), the problems with their Polish messages (problems), the content
check behind `make check` (check), `make new` (scaffold, convert, office),
the results kept between builds (cache) and the limits on what a clerk
commits (limits).

Not a Pelican plugin: it has no register(). The plugins (bip_metadata,
bip_attachments, bip_history, bip_site, bip_search) are glue around it, and
the search service uses it without importing Pelican.
"""
