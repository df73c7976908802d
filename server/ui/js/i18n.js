// Interface strings: Chinese by default, English on request (remembered in localStorage).

const KEY = 'gongchuang.lang';

const zh = {
  'brand.sub': '城市更新知识图谱',
  'nav.search': '检索', 'nav.cases': '案例', 'nav.recommend': '推荐', 'nav.explore': '探索', 'nav.sparql': 'SPARQL',
  'foot.note': '数据与页面均由本机服务提供，不访问外部网络。',
  'lang.switch': 'EN', 'lang.switchLabel': 'Switch to English',
  'skip': '跳到正文',
  'loading': '加载中…',
  'error': '出错了',
  'error.http': '服务返回 {0}',
  'error.network': '无法连接服务',
  'notfound.title': '页面不存在',
  'notfound.body': '没有这个页面。',
  'back.search': '返回检索',

  'search.title': '检索',
  'search.placeholder': '输入关键词，例如：老旧小区 居民参与',
  'search.button': '检索',
  'search.type': '类型',
  'search.type.passage': '段落', 'search.type.document': '文献', 'search.type.case': '案例',
  'search.syntax': '语法：词语、"精确短语"、-排除词，以及过滤条件 genre: year: place: concept: scheme: doc: type:',
  'search.examples': '试试：',
  'search.total': '共 {0} 条结果',
  'search.took': '用时 {0} 毫秒',
  'search.none': '没有找到结果。试试更短的词语或去掉过滤条件。',
  'search.filters': '当前过滤',
  'search.removeFilter': '移除过滤 {0}',
  'search.facets': '筛选',
  'search.explain': '为什么是这条？',
  'search.prev': '上一页', 'search.next': '下一页', 'search.page': '第 {0} / {1} 页',
  'search.intro': '在城市更新、智慧城市与数字治理文献中检索段落、文献和案例。结果给出原文行号，可直接打开原文。',
  'search.stats': '已收录 {0} 篇文献、{1} 个检索条目',
  'explain.bm25': 'BM25', 'explain.dense': '语义向量', 'explain.graph': '图谱加权',
  'explain.terms': '命中词语', 'explain.concepts': '共享概念', 'explain.reason': '原因', 'explain.score': '综合得分',
  'explain.rank': '第 {0} 名',
  'hit.open': '打开原文',
  'hit.case': '案例',

  'facet.genre': '体裁', 'facet.year': '年份', 'facet.place': '地点', 'facet.scheme': '主题类别', 'facet.type': '类型',
  'facet.concept': '概念', 'facet.doc': '文献',
  'genre.paper': '论文', 'genre.news': '新闻', 'genre.policy': '政策', 'genre.commentary': '评论', 'genre.other': '其他',
  'scheme.actor': '主体', 'scheme.technology': '技术', 'scheme.mechanism': '机制', 'scheme.obstacle': '障碍',
  'scheme.domain': '领域', 'scheme.financing': '资金', 'scheme.operation': '运营', 'scheme.outcome': '成效',
  'scheme.stage': '阶段', 'scheme.theme': '主题',
  'type.passage': '段落', 'type.document': '文献', 'type.case': '案例',

  'doc.authors': '作者', 'doc.affiliations': '单位', 'doc.venue': '刊物', 'doc.date': '日期', 'doc.doi': 'DOI',
  'doc.keywords': '关键词', 'doc.abstract': '摘要', 'doc.genre': '体裁', 'doc.sourceFile': '来源',
  'doc.tab.text': '正文', 'doc.tab.source': '原文', 'doc.toc': '目录',
  'doc.front': '（篇首）',
  'doc.cases': '案例', 'doc.policies': '政策', 'doc.places': '地点', 'doc.concepts': '概念',
  'doc.obstacles': '障碍', 'doc.countermeasures': '对策与建议', 'doc.references': '参考文献',
  'doc.none': '无',
  'doc.lines': '行 {0}–{1}',
  'doc.cited': '引用行 {0}–{1}',
  'doc.showSource': '在原文中查看',
  'doc.sourceHint': '点击行号可引用该行，按住 Shift 点击可选择一段。',
  'doc.clearMark': '清除标记',
  'doc.moreConcepts': '另有 {0} 个',

  'case.document': '出处', 'case.place': '地点', 'case.level': '层级',
  'case.facets': '案例要素', 'case.paths': '共创路径', 'case.evidence': '证据', 'case.figures': '成效数据',
  'case.noPaths': '这个案例没有抽取到路径。',
  'case.kind.framework': '框架', 'case.kind.staged': '阶段', 'case.kind.countermeasures': '对策',
  'case.similar': '找相似案例',
  'case.stage': '阶段 {0}',
  'facetkey.domain': '领域', 'facetkey.actors': '主体', 'facetkey.technologies': '技术', 'facetkey.mechanisms': '机制',
  'facetkey.obstacles': '障碍', 'facetkey.outcomes': '成效', 'facetkey.financing': '资金', 'facetkey.operation': '运营',
  'facetkey.place': '地点', 'facetkey.scenario': '情景', 'facetkey.level': '层级',
  'legend.actors': '主体', 'legend.technologies': '技术', 'legend.mechanisms': '机制',
  'level.province': '省级', 'level.city': '市级', 'level.county': '县区级', 'level.street': '街道',
  'level.community': '社区', 'level.village': '村', 'level.area': '片区', 'level.anonymous': '匿名地点',
  'level.foreign': '国外', 'level.national': '全国',

  'cases.title': '案例',
  'cases.filter.concept': '概念', 'cases.filter.place': '地点（名称或行政区划代码）', 'cases.filter.domain': '领域',
  'cases.filter.text': '按名称筛选',
  'cases.apply': '筛选', 'cases.clear': '清除',
  'cases.count': '{0} 个案例',
  'cases.none': '没有符合条件的案例。',

  'rec.title': '案例推荐',
  'rec.intro': '描述你的更新情景，系统从案例库中找出最相近的案例，说明每个要素的贡献，并给出有出处的共创路径建议。',
  'rec.scenario': '情景描述',
  'rec.example': '填入示例',
  'rec.exampleText': '老旧小区改造中居民参与不足、资金缺口大，希望借助数字平台和社区议事机制，推动政府、居民与企业共同参与更新。',
  'rec.more': '更多条件（可选）',
  'rec.facetHint': '多个值用逗号分隔',
  'rec.limit': '返回数量',
  'rec.submit': '推荐案例',
  'rec.notReady': '推荐服务暂未启用（/api/recommend 返回 404）。它正在开发中；先试试检索或案例页面吧。',
  'rec.empty': '请先填写情景描述。',
  'rec.understood': '系统理解的情景要素',
  'rec.ranked': '相似案例',
  'rec.score': '相似度 {0}',
  'rec.contrib': '各要素贡献（得分 × 权重）',
  'rec.shared': '共有',
  'rec.near': '相近',
  'rec.evidence': '证据',
  'rec.suggested': '建议的共创路径',
  'rec.cites': '出处',
  'rec.nothingClose': '案例库中没有足够相近的案例',
  'rec.far': '最近的案例（相距较远）',
  'rec.share': '占比',
  'rec.obstacles': '需要留意的障碍',
  'facetkey.text': '文本相似', 'facetkey.path': '共创路径',
  'rec.noCases': '没有返回案例。',

  'explore.title': '探索',
  'explore.stats': '{0} 篇文献 · {1} 个案例 · {2} 个检索条目',
  'explore.byProvince': '各省案例数',
  'explore.byCity': '各城市案例数（前 15）',
  'explore.byDomain': '各领域案例数（前 15）',
  'explore.network': '案例—概念网络',
  'explore.networkHint': '蓝色为案例，橙色为概念；点击案例打开案例页，点击概念查看相关案例。',
  'explore.kind': '概念类型',
  'explore.kind.all': '全部',
  'explore.noData': '没有数据。',
  'explore.central': '核心概念（PageRank，最高为 100）',
  'explore.clusters': '相似案例簇',
  'explore.clusterOf': '簇 {0} · {1} 个案例 · 共同概念：',

  'sparql.title': 'SPARQL 查询',
  'sparql.examples': '示例查询',
  'sparql.prefixes': '预置前缀（可直接使用）',
  'sparql.run': '运行',
  'sparql.runHint': 'Ctrl+Enter 运行',
  'sparql.download': '下载',
  'sparql.rows': '{0} 行',
  'sparql.took': '{0} 毫秒',
  'sparql.truncated': '结果已截断（超过服务的行数上限）。',
  'sparql.boolean': '结果：{0}',
  'sparql.noRows': '没有结果。',
  'sparql.editor': 'SPARQL 查询编辑器',
  'sparql.graph': '图结果（Turtle）',
};

const en = {
  'brand.sub': 'Urban-renewal knowledge graph',
  'nav.search': 'Search', 'nav.cases': 'Cases', 'nav.recommend': 'Recommend', 'nav.explore': 'Explore', 'nav.sparql': 'SPARQL',
  'foot.note': 'Data and pages are served by this machine; nothing is fetched from the network.',
  'lang.switch': '中文', 'lang.switchLabel': '切换到中文',
  'skip': 'Skip to content',
  'loading': 'Loading…',
  'error': 'Something went wrong',
  'error.http': 'The service answered {0}',
  'error.network': 'Cannot reach the service',
  'notfound.title': 'Not found',
  'notfound.body': 'There is no such page.',
  'back.search': 'Back to search',

  'search.title': 'Search',
  'search.placeholder': 'Words, e.g. 老旧小区 居民参与',
  'search.button': 'Search',
  'search.type': 'Type',
  'search.type.passage': 'Passages', 'search.type.document': 'Documents', 'search.type.case': 'Cases',
  'search.syntax': 'Syntax: words, "exact phrases", -excluded, filters genre: year: place: concept: scheme: doc: type:',
  'search.examples': 'Try:',
  'search.total': '{0} results',
  'search.took': '{0} ms',
  'search.none': 'No results. Try shorter words or remove a filter.',
  'search.filters': 'Filters',
  'search.removeFilter': 'Remove filter {0}',
  'search.facets': 'Refine',
  'search.explain': 'Why this hit?',
  'search.prev': 'Previous', 'search.next': 'Next', 'search.page': 'Page {0} of {1}',
  'search.intro': 'Search passages, documents and cases in texts on urban renewal, smart cities and digital governance. Every hit cites its lines in the original text.',
  'search.stats': '{0} documents, {1} indexed items',
  'explain.bm25': 'BM25', 'explain.dense': 'Dense', 'explain.graph': 'Graph boost',
  'explain.terms': 'Matched terms', 'explain.concepts': 'Shared concepts', 'explain.reason': 'Reason', 'explain.score': 'Score',
  'explain.rank': 'rank {0}',
  'hit.open': 'Open at these lines',
  'hit.case': 'Case',

  'facet.genre': 'Genre', 'facet.year': 'Year', 'facet.place': 'Place', 'facet.scheme': 'Scheme', 'facet.type': 'Type',
  'facet.concept': 'Concept', 'facet.doc': 'Document',
  'genre.paper': 'Paper', 'genre.news': 'News', 'genre.policy': 'Policy', 'genre.commentary': 'Commentary', 'genre.other': 'Other',
  'scheme.actor': 'Actor', 'scheme.technology': 'Technology', 'scheme.mechanism': 'Mechanism', 'scheme.obstacle': 'Obstacle',
  'scheme.domain': 'Domain', 'scheme.financing': 'Financing', 'scheme.operation': 'Operation', 'scheme.outcome': 'Outcome',
  'scheme.stage': 'Stage', 'scheme.theme': 'Theme',
  'type.passage': 'Passage', 'type.document': 'Document', 'type.case': 'Case',

  'doc.authors': 'Authors', 'doc.affiliations': 'Affiliations', 'doc.venue': 'Venue', 'doc.date': 'Date', 'doc.doi': 'DOI',
  'doc.keywords': 'Keywords', 'doc.abstract': 'Abstract', 'doc.genre': 'Genre', 'doc.sourceFile': 'Source',
  'doc.tab.text': 'Text', 'doc.tab.source': 'Source lines', 'doc.toc': 'Contents',
  'doc.front': '(front matter)',
  'doc.cases': 'Cases', 'doc.policies': 'Policies', 'doc.places': 'Places', 'doc.concepts': 'Concepts',
  'doc.obstacles': 'Obstacles', 'doc.countermeasures': 'Countermeasures', 'doc.references': 'References',
  'doc.none': 'none',
  'doc.lines': 'lines {0}–{1}',
  'doc.cited': 'Cited lines {0}–{1}',
  'doc.showSource': 'Show in source',
  'doc.sourceHint': 'Click a line number to cite it; shift-click to select a range.',
  'doc.clearMark': 'Clear mark',
  'doc.moreConcepts': '{0} more',

  'case.document': 'Source', 'case.place': 'Place', 'case.level': 'Level',
  'case.facets': 'Facets', 'case.paths': 'Co-creation paths', 'case.evidence': 'Evidence', 'case.figures': 'Figures',
  'case.noPaths': 'No path was extracted for this case.',
  'case.kind.framework': 'framework', 'case.kind.staged': 'staged', 'case.kind.countermeasures': 'countermeasures',
  'case.similar': 'Find similar cases',
  'case.stage': 'Stage {0}',
  'facetkey.domain': 'Domain', 'facetkey.actors': 'Actors', 'facetkey.technologies': 'Technologies', 'facetkey.mechanisms': 'Mechanisms',
  'facetkey.obstacles': 'Obstacles', 'facetkey.outcomes': 'Outcomes', 'facetkey.financing': 'Financing', 'facetkey.operation': 'Operation',
  'facetkey.place': 'Place', 'facetkey.scenario': 'Scenario', 'facetkey.level': 'Level',
  'legend.actors': 'Actors', 'legend.technologies': 'Technologies', 'legend.mechanisms': 'Mechanisms',
  'level.province': 'province', 'level.city': 'city', 'level.county': 'county', 'level.street': 'street',
  'level.community': 'community', 'level.village': 'village', 'level.area': 'area', 'level.anonymous': 'unnamed place',
  'level.foreign': 'abroad', 'level.national': 'national',

  'cases.title': 'Cases',
  'cases.filter.concept': 'Concept', 'cases.filter.place': 'Place (name or division code)', 'cases.filter.domain': 'Domain',
  'cases.filter.text': 'Filter by name',
  'cases.apply': 'Filter', 'cases.clear': 'Clear',
  'cases.count': '{0} cases',
  'cases.none': 'No case matches.',

  'rec.title': 'Case recommendation',
  'rec.intro': 'Describe your renewal scenario: the closest cases are ranked with each facet\'s contribution, and a co-creation path is suggested with its sources.',
  'rec.scenario': 'Scenario',
  'rec.example': 'Use the example',
  'rec.exampleText': '老旧小区改造中居民参与不足、资金缺口大，希望借助数字平台和社区议事机制，推动政府、居民与企业共同参与更新。',
  'rec.more': 'More conditions (optional)',
  'rec.facetHint': 'separate values with commas',
  'rec.limit': 'How many',
  'rec.submit': 'Recommend',
  'rec.notReady': 'Recommendation is not available yet (/api/recommend answers 404). It is being built; try search or the case pages meanwhile.',
  'rec.empty': 'Please describe the scenario first.',
  'rec.understood': 'Scenario as understood',
  'rec.ranked': 'Similar cases',
  'rec.score': 'similarity {0}',
  'rec.contrib': 'Facet contributions (score × weight)',
  'rec.shared': 'shared',
  'rec.near': 'near',
  'rec.evidence': 'Evidence',
  'rec.suggested': 'Suggested co-creation path',
  'rec.cites': 'Sources',
  'rec.nothingClose': 'Nothing in the case base is close enough',
  'rec.far': 'Nearest cases (far)',
  'rec.share': 'share',
  'rec.obstacles': 'Obstacles to watch',
  'facetkey.text': 'Text', 'facetkey.path': 'Path',
  'rec.noCases': 'No cases returned.',

  'explore.title': 'Explore',
  'explore.stats': '{0} documents · {1} cases · {2} indexed items',
  'explore.byProvince': 'Cases by province',
  'explore.byCity': 'Cases by city (top 15)',
  'explore.byDomain': 'Cases by domain (top 15)',
  'explore.network': 'Case–concept network',
  'explore.networkHint': 'Blue: cases, orange: concepts. Click a case to open it, a concept to list its cases.',
  'explore.kind': 'Concept kind',
  'explore.kind.all': 'all',
  'explore.noData': 'No data.',
  'explore.central': 'Central concepts (PageRank, top = 100)',
  'explore.clusters': 'Clusters of similar cases',
  'explore.clusterOf': 'Cluster {0} · {1} cases · shared concepts:',

  'sparql.title': 'SPARQL query',
  'sparql.examples': 'Examples',
  'sparql.prefixes': 'Predeclared prefixes (usable without PREFIX lines)',
  'sparql.run': 'Run',
  'sparql.runHint': 'Ctrl+Enter runs',
  'sparql.download': 'Download',
  'sparql.rows': '{0} rows',
  'sparql.took': '{0} ms',
  'sparql.truncated': 'Results truncated at the service\'s row limit.',
  'sparql.boolean': 'Answer: {0}',
  'sparql.noRows': 'No results.',
  'sparql.editor': 'SPARQL query editor',
  'sparql.graph': 'Graph result (Turtle)',
};

const tables = { zh, en };

export function lang() {
  try {
    const v = localStorage.getItem(KEY);
    if (v === 'en' || v === 'zh') return v;
  } catch (_) { /* storage off */ }
  return 'zh';
}

export function setLang(v) {
  try { localStorage.setItem(KEY, v); } catch (_) { /* storage off */ }
  applyStatic();
}

/** The string for `key`, `{0}`… replaced by the arguments; the key itself when unknown. */
export function t(key, ...args) {
  const s = tables[lang()][key] ?? zh[key] ?? key;
  return s.replace(/\{(\d+)\}/g, (_, i) => String(args[Number(i)] ?? ''));
}

/** `t(prefix + value)` when such a key exists, else the value as is (data labels). */
export function tv(prefix, value) {
  const k = prefix + value;
  return (tables[lang()][k] ?? zh[k]) ? t(k) : value;
}

/** Texts in the static shell (header, footer) and the document language. */
export function applyStatic() {
  document.documentElement.lang = lang() === 'en' ? 'en' : 'zh-CN';
  for (const el of document.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
  const b = document.getElementById('lang-toggle');
  if (b) {
    b.textContent = t('lang.switch');
    b.setAttribute('aria-label', t('lang.switchLabel'));
    b.title = t('lang.switchLabel');
  }
  const s = document.getElementById('skip-link');
  if (s) s.textContent = t('skip');
}
