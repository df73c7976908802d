// The server's /ui/config.json, read once: SPARQL prefixes, example queries, case facets.

import { api } from './util.js';

let loaded = {};
try {
  loaded = await api('/ui/config.json');
} catch (_) { /* the pages work without: no facet table, no examples */ }

export const config = loaded;

// Case facets in display order: key (as in the API) and thesaurus scheme (chip colour).
export const FACETS = config.facets || [];
