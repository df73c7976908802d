//! One row per recogniser cue: a short text and the case names extraction must (or must
//! not) find. Adding a lexicon entry comes with a row here.

use corpus::extract::{self, Knowledge};
use corpus::{Document, Source};
use once_cell::sync::Lazy;

static KB: Lazy<Knowledge> = Lazy::new(|| Knowledge::bundled().expect("bundled knowledge"));

fn doc(text: &str) -> Document {
    corpus::parse(&Source {
        name: "新闻.txt".to_string(),
        file: "test.txt".to_string(),
        first_line: 1,
        text: format!("老城区更新工作取得新进展\n\n{text}\n"),
        encoding: "UTF-8".to_string(),
    })
}

fn cases(text: &str) -> Vec<String> {
    extract::extract(&doc(text), &KB)
        .cases
        .into_iter()
        .map(|c| c.name)
        .collect()
}

/// The case names of a whole page, its first line the headline.
fn cases_of_page(text: String) -> Vec<String> {
    let d = corpus::parse(&Source {
        name: "稿件.txt".to_string(),
        file: "test.txt".to_string(),
        first_line: 1,
        text,
        encoding: "UTF-8".to_string(),
    });
    extract::extract(&d, &KB)
        .cases
        .into_iter()
        .map(|c| c.name)
        .collect()
}

/// A web page's table copied out one cell a line.
const FLAT_TABLE: &str = "序号\n\n街道\n\n社区\n\n小区名称\n\n1\n\n左家塘街道\n\n东塘社区\n\n桂花小区(1—8栋)\n\n2\n\n左家塘街道\n\n雅塘社区\n\n雅塘村小区(3—9栋、12栋)\n\n3\n\n砂子塘街道\n\n天华社区\n\n天华北苑(全部)";

/// … and one without row numbers, its header ending with the name column.
const NAMED_TABLE: &str = "街道\n\n社区\n\n小区名称\n\n左家塘街道\n\n东塘社区\n\n桂花小区(1—8栋)\n\n左家塘街道\n\n雅塘社区\n\n雅塘村小区(3—9栋)\n\n砂子塘街道\n\n天华社区\n\n天华北苑(全部)";

/// … whose cells repeat down a column (`砂子塘街道` three times: no running header), with an
/// empty remark cell (no line: the row is one short and is filled out).
const GAPPED_TABLE: &str = "序号\n\n街道\n\n小区名称\n\n进度\n\n备注\n\n1\n\n砂子塘街道\n\n桂花小区\n\n已开工\n\n民生实事\n\n2\n\n砂子塘街道\n\n雅塘村小区\n\n已开工\n\n\n3\n\n砂子塘街道\n\n天华北苑\n\n已开工\n\n民生实事\n\n4\n\n侯家塘街道\n\n梓园小区\n\n已开工\n\n民生实事";

/// … and one with bars, a remark cell holding sentences of its own.
const BARRED_TABLE: &str = "编号 | 辖区 | 单元名称 | 申报主体 | 备注 |\n1 | 罗湖 | 蔡屋围城市更新统筹片区 | 某重建局 | ① 拟更新方向为商业、办公。② 公共利益用地不小于3000㎡。 |\n2 | 罗湖 | 湖贝城市更新统筹片区 | 某开发公司 | ① 拟更新方向为居住。 |";

/// … and one whose cells are parted by full-width spaces, its header (`序号`) after a lead
/// line: letter-spacing rules must not join `区（县）街道`.
const SPACED_TABLE: &str = "经研究，确定以下试点社区（排名不分先后）：\n序号　区（县）　街道　社区　主要内容\n1　秀峰区　丙丁街道　白沙社区　“一老一小”设施补短板\n2　叠彩区　戊己街道　红岭社区　新建小区配套移交管理\n3　七星区　庚辛街道　青枫社区　城中村转社区后服务补齐";

/// A paper's sibling sections, one a case (parallel_headings.rs): `龙湫` has no site word.
/// … and one without row numbers, its cells set apart by runs of full-width spaces.
const GAP_TABLE: &str = "案例名单\n案例名称　　所在地　　原址　　现状功能\n青梧创意园　　海珠区　　某纺织机械厂　　时尚创意、科技办公\n白鹭仓码头　　海珠区　　某洋行仓库　　文旅商业、滨水休闲\n沙湾文化公园　　中山市　　某造船厂　　城市公园";

/// Cases listed in a table, then told under headings, each section opening with what the
/// site used to be.
const FORMER_UNDER_HEADINGS: &str = "案例名单\n案例名称　　所在地　　原址\n青梧创意园　　海珠区　　广州纺织机械厂\n白鹭仓码头　　海珠区　　广州洋行仓库\n沙湾文化公园　　中山市　　广州造船厂\n\n一、青梧创意园\n\n位于东区新港路，原为广州纺织机械厂。广州纺织机械厂的车间改造为设计和办公空间。\n\n二、白鹭仓码头\n\n位于东区革新路，原为广州洋行仓库。改造中保留了7栋仓库的结构。\n\n三、沙湾文化公园\n\n位于中山市，原为广州造船厂。保留了船坞和铁轨。";

/// A list of cases in parts, each part headed by the kinds of site it holds.
const KIND_HEADINGS: &str = "一、老旧小区和完整社区\n\n1.青州市东城区白沙社区：加装电梯12部，居民议事会商定改造方案。\n\n二、历史文化街区和老街巷\n\n2.青州市西城区红岭街：修缮沿街立面，原住民与商户共同参与街区管理。";

const PARALLEL_HEADINGS: &str = "3 案例分析\n\n3.1 白沙社区：从单位大院到熟人社区\n\n白沙社区建于上世纪八十年代，2019年起居民议事会商定了改造方案，加装电梯12部。\n\n3.2 龙湫：从渔村到文创旅游村\n\n龙湫原是海边渔村，2015年起村民、商户共同成立理事会，商定街巷改造和招牌风貌。\n\n3.3 青枫村：村集体主导的乡村营造\n\n青枫村由村集体牵头，把闲置农房改造为民宿和村史馆，村民以房屋入股。";

/// Sibling sections on service points, the first subject long (a place and a counter, 16
/// characters before its colon), the last without a place.
const SERVICE_POINT_HEADINGS: &str = "三、三个样本的实践\n\n（一）秀峰区政务服务中心跨省通办专区：专窗代收\n\n专区设在区政务服务中心二楼，配备专窗两个。\n\n（二）香河县渠口镇通办自助服务区：自助终端\n\n服务区设有八台自助终端，夜间也可办理。\n\n（三）青梧科技园通办服务站：驻点帮办\n\n服务站设在园区，配备四名专职帮办员。";

/// A case list whose headings lead with the region alone, the case after the colon: one
/// names no site word (`远程问诊点`), the others do.
const REGION_HEADINGS: &str = "案例选编\n\n一、浙江安吉：余村竹林碳汇服务站\n\n服务站收储农户竹林经营权。\n\n二、江西婺源：篁岭村晒秋民宿集群\n\n村里把闲置老屋改为民宿。\n\n三、四川蒲江：甘溪镇远程问诊点\n\n问诊点连通县人民医院。";

/// A news report's bracketed lead lines, one a site with only a weak site word.
const BRACKET_LEADS: &str = "县城三条老街改造完工，项目涵盖青石街、北大街和河东街。\n【青石街】“修旧如旧”留住老味道\n青石街全长400米，沿街私房外立面统一修缮。\n【北大街】客家文化展示街\n北大街新设了非遗工坊。\n【河东街：特产展销街】\n河东街引入了20家特产店。";

/// Sibling headings that name stages, not sites.
const STAGE_HEADINGS: &str = "3 更新过程\n\n3.1 启动阶段：政府引导与企业进场\n\n政府与企业签订了合作协议。\n\n3.2 协商阶段：共同缔造委员会成立\n\n街坊代表参与了方案讨论。\n\n3.3 实施阶段：留改拆并举\n\n改造分三期推进。";

/// (text, a name that must be found (contained in a case name), or "" for none)
/// A news item of a district whose name is also a phrase, its city in the headline.
const XINING_MINI_PROGRAM: &str = "西宁城中区：小程序让居民在手机上议事
2024年11月6日　本报讯

　　前不久，西宁市城中区一个老旧院落的居民，在手机上对院内充电桩的位置进行了投票。
　　这次投票用的是城中区“码上议”小程序。这款小程序去年上线，居民发现问题可以随手上报。
";

const FOUND: &[(&str, &str)] = &[
    // A place owns its quote across `的` and an adopting verb (case_cue_word.txt `adopt`),
    // and a programme noun after it names the place's own programme (`place_programme`).
    ("河南省的“豫事快办”把高频事项搬到了手机上。", "河南省“豫事快办”"),
    ("鹤壁市淇滨区推行的“一网议事”把居民意见汇总到街道。", "淇滨区“一网议事”"),
    ("湖南省益阳市在建设“智慧养老驿站”时引入了社会组织。", "益阳市“智慧养老驿站”"),
    ("江苏省常州市的“数字铁笼”工程把审批过程留痕。", "常州市“数字铁笼”工程"),
    // Where or when it was done, and a delegate presenting it, between place and quote.
    ("苏州市姑苏区双塔街道在改造中设立了“邻里共建基金”，由居民代表管账。", "双塔街道“邻里共建基金”"),
    ("会上，松阳县的代表介绍了“巡河通”小程序，巡河员拍照即可上报。", "松阳县“巡河通”小程序"),
    // A place's quoted brand is a name whatever its words (names.rs `place_brand`); a
    // formula needs its noun after the quote.
    ("宁波市江北区的“为老服务一键达”让老人在家一键呼叫。", "江北区“为老服务一键达”"),
    ("固原市西吉县的“互联网+村级代办”模式让村民少跑腿。", "西吉县“互联网+村级代办”模式"),
    // A place before a Latin name makes it an example even named once (latin.rs).
    ("挪威的Altinn门户把各部门的服务合在一起。", "挪威Altinn"),
    ("肯尼亚M-Pesa移动支付改变了农村的金融服务。", "肯尼亚M-Pesa"),
    // Site words after a place (site_suffix.txt).
    (
        "今年，杭州市拱墅区长征桥社区完成了加装电梯工作。",
        "长征桥社区",
    ),
    ("上海市普陀区曹杨新村启动成套改造。", "曹杨新村"),
    ("广州市荔湾区永庆坊完成微改造，吸引了大批游客。", "永庆坊"),
    ("北京市东城区草厂胡同实施了综合整治。", "草厂胡同"),
    ("成都市青羊区泡桐树巷子完成了风貌改造。", "泡桐树巷子"),
    // A table copied out of a web page one cell a line, its rows numbered: the name column
    // (`小区名称` before `社区`) gives the cases (structure.rs, tables.rs).
    (FLAT_TABLE, "桂花小区"),
    (FLAT_TABLE, "天华北苑"),
    (NAMED_TABLE, "天华北苑"),
    (BARRED_TABLE, "蔡屋围城市更新统筹片区"),
    (BARRED_TABLE, "湖贝城市更新统筹片区"),
    (GAPPED_TABLE, "天华北苑"),
    (GAPPED_TABLE, "梓园小区"),
    (SPACED_TABLE, "白沙社区"),
    (PARALLEL_HEADINGS, "龙湫"),
    (SERVICE_POINT_HEADINGS, "青梧科技园通办服务站"),
    (REGION_HEADINGS, "甘溪镇远程问诊点"),
    // A district whose name reads as a phrase too (`城中区`) is a place where its city is
    // named in the document (`places::COUNTY_GATED`).
    (XINING_MINI_PROGRAM, "城中区“码上议”小程序"),
    // A service window is a platform noun: the words before it are the name's.
    (
        "天津河西区推行企业开办一次办\n\n今年3月起，河西区“企业开办一件事”综合窗口正式受理业务，企业开办、刻章、税务登记等事项一次办结。",
        "河西区“企业开办一件事”综合窗口",
    ),
    // A thing named once in full and then recalled by its head noun (recalled.rs).
    (
        "临河区停车难有了新解法\n\n去年，临河区城市停车诱导平台上线。平台接入了全区公共停车场的空位数据。这个平台还能提前预约车位。",
        "临河区城市停车诱导平台",
    ),
    // Corner brackets and outer single quotes are quotation marks (normalize/quotes.rs).
    (
        "泉州市鲤城区‘古城通’小程序上线以来，居民已提交建议三千余条。",
        "鲤城区“古城通”小程序",
    ),
    ("泉州市鲤城区「古城通」小程序上线以来，居民已提交建议三千余条。", "“古城通”"),
    // An old market's name (`米市`) is a stem; `市` there is no division (site_words.rs).
    (
        "老城更新观察\n\n米市街近两年成为年轻人喜爱的去处。米市街的商业氛围更浓。区里在米市街推行一店一设计。",
        "米市街",
    ),
    // A place inside a quoted brand is the brand's (names.rs `without_places`).
    (
        "数字政务观察\n\n四川省宜宾市“宜宾通”平台上线后，市民在手机上就能办理公积金提取。“宜宾通”平台还开通了诉求通道。",
        "宜宾通",
    ),
    // A Latin name set in Chinese sentences more than once (latin.rs).
    (
        "参与平台的冷与热\n\n这座城市的参与平台Vox Civitas上线三年。市民在Vox Civitas上提交了上千条建议。",
        "Vox Civitas",
    ),
    // The stem's length cap does not split a number (sites.rs `stem_start`).
    (
        "不少市民走进秀峰区1958工业文化创意园看画展。1958工业文化创意园由老机械厂改造而成。",
        "1958工业文化创意园",
    ),
    (BRACKET_LEADS, "北大街"),
    (BRACKET_LEADS, "河东街"),
    (SPACED_ROWS, "红岭未来社区"),
    // Sites listed under their kind (rolls.rs): `口袋公园包括…`, members ending in the kind's
    // last character, the last after `，以及`.
    (
        "今年新建的口袋公园包括秀峰区桂香园、叠彩区书韵园，以及七星区漓江园，总面积1.2万平方米。",
        "书韵园",
    ),
    (
        "今年新建的口袋公园包括秀峰区桂香园、叠彩区书韵园，以及七星区漓江园，总面积1.2万平方米。",
        "漓江园",
    ),
    (SPACED_TABLE, "红岭社区"),
    (SPACED_TABLE, "青枫社区"),
    // A quoted name led by a numeral is no slogan when it is more than two characters.
    ("北京“三里屯”街区更新后，居民和游客都多了去处。", "三里屯"),
    // A quote in apposition to its platform noun (`platform_noun`) names the platform.
    (
        "街道联合区教育局开发了课后服务选课小程序“桂苑课堂”，家长在手机上就能给孩子选课。“桂苑课堂”上线一个学期，选课人次过万。",
        "桂苑课堂",
    ),
    // … and one after a naming verb (`叫它“…”`).
    (
        "区里给沿街餐馆装了燃气报警器，数据接入区城市运行管理中心，我们叫它“灶台卫士”。设备费用由区财政和商户分担。",
        "灶台卫士",
    ),
    // … and one after a bare `叫` (`naming`).
    (
        "村里的网店叫“溪口好物”，由合作社统一发货，去年卖出茶叶两万斤。",
        "溪口好物",
    ),
    // A few words and a platform noun after a quote type it (`typed_after`).
    (
        "外地志愿者通过秀峰区团委开设的“邻里帮帮”接龙小程序认领任务。“邻里帮帮”上线三天，登记了三百多条求助。",
        "邻里帮帮",
    ),
    // A quoted brand typed by its platform noun is a name, whatever its own words
    // (`brand_unquoted`: a pronoun and 的 inside the quote).
    (
        "市民通过“我的街道我来管”平台上报坑洼路面，区里限期修复。",
        "我的街道我来管",
    ),
    // An activity named with a platform noun after it is the platform (`管理` ends an
    // activity, `event_suffix.txt`).
    (
        "基层怨声较大。秀峰区网格化服务管理平台2024年完成改造，网格员一次采集、多部门共享。",
        "秀峰区网格化服务管理平台",
    ),
    // A street's quoted pilot is a case; a city's is a policy (`POLICY_AFTER`).
    (
        "今年在秀峰区丙丁街道开展“先诉先办”试点，丙丁街道“先诉先办”试点已覆盖12个社区。",
        "丙丁街道“先诉先办”试点",
    ),
    // A list item of a place and a quoted brand names its case (lists.rs `quoted_head`).
    (
        "一、新加坡“一站通”市政反映平台（OneService）\n\n新加坡设立市政服务办公室，推出手机应用，市民拍照反映问题。\n\n二、墨尔本市“人民小组”（People's Panel）\n\n墨尔本市以随机抽选方式组成市民小组，讨论十年财务规划。",
        "墨尔本市“人民小组”",
    ),
    // A list item led by its place names a platform or centre (`project_noun.txt`).
    (
        "一、秀峰区：政务服务中心智能导办\n做法：区行政审批局在大厅设立导办台。\n二、叠彩区：“叠事快办”帮办代办服务\n做法：组建帮办队伍。\n三、七星区：社区政务服务驿站\n做法：在社区设点。",
        "秀峰区政务服务中心智能导办",
    ),
    // Shanghai's and Luoyang's plots of workers' housing (街坊), and estates numbered by
    // zone (翠苑一区; weak).
    ("建设228街坊的老住户说，楼道变亮了。建设228街坊还有了活动室。", "228街坊"),
    ("今年，翠竹三区完成了加装电梯和管网改造。", "翠竹三区"),
    ("大连市西岗区东关街历史街区开展保护修缮。", "东关街历史街区"),
    // Hong Kong and Macau site words and renewal verbs (site_suffix.txt: 邨, 街市, 唐楼;
    // site_action.txt: 清拆, 保育), read after folding to simplified script;
    // names keep the script of the text.
    ("華富邨將分期重建，首批居民明年遷出。", "華富邨"),
    ("中環街市完成活化後重新開放，市民可以在這裏買菜喝茶。", "中環街市"),
    ("石水渠街唐樓經過修繕，改作社區博物館。", "石水渠街唐樓"),
    ("鯉魚門村將於年底清拆，村民陸續遷出。", "鯉魚門村"),
    ("舊墟街保育工作得到街坊支持。", "舊墟街"),
    // Sites listed before their kind and count (recognize/enumerated.rs).
    (
        "城东区将对园树、韵家口和杨家湾等7个老旧小区实施改造，惠及居民三千户。",
        "韵家口",
    ),
    // … or before a project noun (list_kind_word.txt), an item's phase label kept.
    (
        "锦绣天地、长江文创街区等10个项目入选年度城市更新优秀案例。",
        "锦绣天地",
    ),
    ("今年共有斯文里二期、莲华和水源等3案获得核定。", "斯文里二期"),
    // A kind of project at one street is that street's project, in prose as in lists
    // (recognize/street_projects.rs).
    (
        "菏泽市牡丹区岳程街道老旧小区改造项目正式开工，涉及8个小区。",
        "岳程街道老旧小区改造项目",
    ),
    // A renewal unit (城市更新单元) names its site; the whole name wins over a cut of it.
    (
        "福田区上步片区华富城市更新单元规划获批，拆除重建工作将于明年启动。",
        "华富城市更新单元",
    ),
    // Two streets joined by a slash name one project (sites.rs).
    ("市建局宣布開展榮光街/崇安街重建項目，涉及約二百戶。", "榮光街/崇安街"),
    // … spaces around the slash too.
    ("市建局宣布開展榮光街 / 崇安街重建項目，涉及約二百戶。", "榮光街 / 崇安街"),
    // A roll after `分别为` ends at its clause's comma.
    (
        "今年计划改造老旧小区4个，分别为城南路生活区老旧小区、师范学院老旧小区、纺织厂家属区、东风小区，总面积约20万平方米。",
        "师范学院老旧小区",
    ),
    // Towns and villages listed under their designation (designation_word.txt), a note in
    // brackets kept.
    (
        "省级历史文化名镇包括赤水市丙安镇、雷山县郎德镇、锦屏县隆里乡(集镇)；名城为安顺市。",
        "雷山县郎德镇",
    ),
    (
        "省级历史文化名镇包括赤水市丙安镇、雷山县郎德镇、锦屏县隆里乡(集镇)；名城为安顺市。",
        "锦屏县隆里乡(集镇)",
    ),
    // A description after the name and a comma introduces it (site_intro.txt).
    (
        "她所住的新华小区，地处老城中心，是上世纪九十年代建成的单位房。",
        "新华小区",
    ),
    // A site with a strong site word that opens a paragraph is what the paragraph tells of.
    (
        "金桂小区建成于上世纪九十年代，楼面脏污、地面破损，居民出行不便。",
        "金桂小区",
    ),
    // Streets joined by a dash bound one district, a street word among them or not.
    (
        "此前还有泉州市中山路—新华路历史文化街区等省级历史文化街区。",
        "泉州市中山路—新华路历史文化街区",
    ),
    (
        "此前还有云霄县前街—东门中街—和平路历史文化街区等省级历史文化街区。",
        "云霄县前街—东门中街—和平路历史文化街区",
    ),
    // Taiwan's public housing of the 1960s–70s (整建住宅, 整宅: site_suffix.txt).
    ("市府將協助南機場整宅完成產權整合，改建工程明年啟動。", "南機場整宅"),
    // Taiwan's word for renewal (都更, 都市更新) after a site word.
    ("「華江段都更案」上月獲得核定。", "華江段"),
    // Taiwan's public and social housing and its tower blocks (site_suffix.txt: 国宅, 社宅,
    // 大楼 weak), and its rebuilding of unsafe old buildings (site_action.txt: 危老).
    ("市府表示，南機場國宅將分期改建，居民可優先承租。", "南機場國宅"),
    ("興隆社宅改建完成後，共提供三百戶出租住宅。", "興隆社宅"),
    ("臺北市和平大樓都更案今年獲得核定。", "和平大樓"),
    ("住戶表示，信義公寓危老案已取得全體同意。", "信義公寓"),
    // Guangdong's word for the renewal of old villages and districts (旧改).
    ("今年，梅岗村旧改正式启动，村民陆续签约。", "梅岗村"),
    // A rare character alone is a stem (site_words::proper_stem).
    ("珠江新城区域内，冼村旧改项目最后两栋村屋拆除。", "冼村"),
    // A renewal word after the name (site_action.txt), no place before it.
    ("据介绍，向阳小区改造于去年十月开工。", "向阳小区"),
    // A programme at a named area is a case (names::is_programme_at_place keeps it).
    (
        "兰州市城关区西关街片区老旧小区改造完成，惠及居民两千户。",
        "西关街片区",
    ),
    ("居民们说，和平里社区更新后环境好多了。", "和平里社区"),
    // Named twice, no place and no renewal word.
    (
        "走进砂子塘社区，老人们在晒太阳。砂子塘社区的食堂每天供应午餐。",
        "砂子塘社区",
    ),
    // An enumerated list (lists.rs): headings with a number, places and a site word.
    (
        "（一）杭州市上城区采荷一小区旧改类未来社区\n\n小区建成于上世纪八十年代。",
        "采荷一小区",
    ),
    (
        "1. 上饶市婺源县江湾镇篁岭村：“村企共建”\n\n村里的老屋被改造为民宿。",
        "篁岭村",
    ),
    // A kind of project at one street (lists.rs): the street's case.
    (
        "（五）抚顺市新抚区永安台街道完整社区建设项目\n\n街道为居民补齐了养老和托育设施。",
        "永安台街道",
    ),
    // A place's site after 的: the whole run is the name, whatever its tags (划船 is a verb).
    ("宁波鄞州区的划船社区则提供了另一个角度。", "划船社区"),
    // A site named after its city (sites.rs): the short form is the stem.
    ("南阳新村是郑州最早的一批职工住宅区之一。", "南阳新村"),
    // The subject of a describing sentence (subject_intro.txt), named twice.
    (
        "琥珀山庄位于合肥老城西侧，依山就势而建。琥珀山庄的问题逐渐显现。",
        "琥珀山庄",
    ),
    (
        "双塔市集的前身是双塔菜场。如今双塔市集人声鼎沸。",
        "双塔市集",
    ),
    // A predicate said only of places (`site` in subject_intro.txt): a subject that reads as
    // a person's name is still a site.
    (
        "郑梦溪位于苏州市姑苏区平江街道，原为一片老宅。郑梦溪已成为网红打卡地。",
        "郑梦溪",
    ),
    // A weak predicate (是): a proper name, named three times.
    (
        "圭塘河是长沙城区唯一的内河。圭塘河治理后水质变好，圭塘河两岸有了步道。",
        "圭塘河",
    ),
    // `以X为例` with no place: X ends with a site or project word (project_noun.txt).
    (
        "以板桥区介寿街自主都更案为例，住户自己组织起来。",
        "介寿街自主都更案",
    ),
    // Two sites in one cue are two cases, not one.
    (
        "本文选取金牛区驷马桥街道曹家巷片区和金牛区抚琴街道抚琴小区两个案例。曹家巷片区居民自治改造。抚琴小区完成了改造。",
        "曹家巷片区",
    ),
    // An interview's answer: a subject located by `在` + a place, after `对，`.
    (
        "问：听说还有一个社区花园叫创智农园？\n\n答：对，创智农园在上海市杨浦区，原本是一块闲置地块。",
        "创智农园",
    ),
    // Waterfront, estate and industrial site words (site_suffix.txt: 河, 湖, 号院, 矿区…).
    ("长沙市雨花区圭塘河完成了生态修复和提升改造。", "圭塘河"),
    ("徐州市贾汪区潘安湖完成了生态修复。", "潘安湖"),
    ("北京市西城区白纸坊西街10号院完成了综合整治。", "白纸坊西街10号院"),
    // A house number after a street: the compound keeps its street (`长风西街` + `19号院`);
    // `加装` (site_action.txt) says something was done to it.
    ("长风西街19号院的老楼加装了电梯。", "长风西街19号院"),
    // A street and a house number name a compound when it is renewed (house_numbers.rs); a
    // numbered street keeps its number (`和平` + `二道` + `街`).
    ("此外，华侨小区、和平二道街106号、文平街1号也将改造。", "和平二道街106号"),
    ("笔者参与服务的潍县路19号保护更新项目。", "潍县路19号"),
    ("萍乡市安源区高坑矿区实施保护利用。", "高坑矿区"),
    // A site word without a stem (运 + 河) does not cut the name after it.
    ("常州市钟楼区运河五号创意街区完成改造。", "运河五号创意街区"),
    // Name words read in context with the site word (`葑门` + `横街`), after a preposition
    // that makes the place the clause's subject (`姑苏区对…`).
    ("去年以来，姑苏区对葑门横街开展了微更新。", "葑门横街"),
    // Parks, art districts, waterfront belts and promenades (site_suffix.txt).
    ("沈阳市铁西区红梅文化园完成了厂房改造。", "红梅文化园"),
    ("成都市成华区东郊艺术区引入了设计企业。", "东郊艺术区"),
    ("武汉市硚口区汉正艺术特区由仓库改造而成。", "汉正艺术特区"),
    ("西安市碑林区书院门文化城启动改造。", "书院门文化城"),
    ("南昌市东湖区青山湖风光带完成提质改造。", "青山湖风光带"),
    // (`窑埠古镇景观带` was this row's name: it passed only while `城中区` was no place;
    // `窑埠古镇` is a place of the supplement, and a site word after a place alone names no
    // site here.)
    ("柳州市城中区江滨景观带完成提升改造。", "江滨景观带"),
    ("厦门市思明区演武海滨长廊完成改造。", "演武海滨长廊"),
    ("九江市浔阳区白水湖步道完成提升改造。", "白水湖步道"),
    ("长沙市岳麓区桃子湖游道完成提质改造。", "桃子湖游道"),
    ("泉州市鲤城区西街文物径完成了修缮。", "西街文物径"),
    ("芜湖市镜湖区弋矶山老码头改造为城市客厅。", "弋矶山老码头"),
    ("台北市中正区华山1914文创园区由酒厂改造而成。", "华山1914文创园区"),
    ("德阳市中江县青龙新城完成了综合管廊建设。", "青龙新城"),
    ("锡林郭勒盟正蓝旗上都镇额很嘎查完成了人居环境整治。", "额很嘎查"),
    ("敦煌市沙州镇沙州夜市完成了改造提升。", "沙州夜市"),
    ("拉萨市城关区冲赛康市场完成了改造。", "冲赛康市场"),
    ("贵阳市南明区青云市集由旧厂房改造而成。", "青云市集"),
    ("西安市新城区幸福林带完成了建设。", "幸福林带"),
    ("重庆市綦江区綦河古南段滨河步道完成了改造。", "古南段滨河步道"),
    ("喀什市高台民居启动了保护性改造。", "高台民居"),
    // A rare two-character subject described and named again (subjects.rs).
    ("草厂位于前门东侧，由十条胡同组成。草厂的院子一户一个方案。", "草厂"),
    // Sites listed with one that counts count too (sites.rs).
    ("杭州市拱墅区长征桥社区、和睦新村一起列入今年的计划。", "和睦新村"),
    // A site named once in full and then by its stem alone (sites.rs).
    (
        "草厂片区大约有四成住户留下。草厂的院子一户一个方案。草厂的经验在于尊重居民。",
        "草厂片区",
    ),
    // `里` after a site word is `in`, but a village named `…里村` is a name (sites.rs).
    ("宝鸡市渭滨区十里铺街道三里村完成了城中村改造。", "三里村"),
    // Two sites joined by a conjunction are two names (sites.rs).
    ("合肥市蜀山区琥珀社区和稻香村社区完成了改造。", "稻香村社区"),
    // Items of a list with no text under them (structure.rs keeps bare headings as text).
    (
        "一、老旧片区类\n1．株洲市芦淞区建设街道老旧小区连片改造\n2．岳阳市岳阳楼区金鹗山风光带\n二、公共空间类\n3．益阳市资阳区汽车路街道口袋公园群",
        "金鹗山风光带",
    ),
    (
        "一、老旧片区类\n1．株洲市芦淞区建设街道老旧小区连片改造\n2．岳阳市岳阳楼区金鹗山风光带",
        "建设街道老旧小区连片改造",
    ),
    // A listed town is the case when what follows the colon names none (lists.rs).
    (
        "三、乌兰察布市察哈尔右翼前旗黄旗海镇：积分制管理激活乡村\n\n黄旗海镇推行积分制。",
        "黄旗海镇",
    ),
    // A numbered heading of two levels, and an aside inside an item (lists.rs).
    (
        "3.2国棉二厂东区家属院\n\n国棉二厂东区家属院位于秦都区渭阳西路街道，建于1958年。",
        "国棉二厂东区家属院",
    ),
    (
        "2.3 鹤岗市向阳区红军社区\n\n红军社区位于向阳区红军路街道，居民约四千人。",
        "红军社区",
    ),
    (
        "（四）九江市浔阳区琵琶亭文化城（原九江机务段旧址）保护利用项目\n\n项目对旧厂房进行了修缮。",
        "琵琶亭文化城",
    ),
    // A strong site said once, in a sentence that goes on to a renewal word (sites.rs).
    (
        "西门社区列入计划\n今年，临近的东湖花园一起列入全市老旧小区改造计划。",
        "东湖花园",
    ),
    // A site written right after another is inside it: one name (sites.rs).
    (
        "今年，桂林路小学家属院列入全市老旧小区改造计划。",
        "桂林路小学家属院",
    ),
    // Numbered and bracketed items are lines of their own (structure.rs).
    (
        "第二批试点项目名单\n1、重庆市渝中区山城巷传统风貌区\n2、重庆市九龙坡区黄桷坪新市场片区\n",
        "山城巷传统风貌区",
    ),
    // A name after its place may open with a character that is also a preposition, inside
    // a word (names::is_name).
    ("烟台市芝罘区向善街片区入选省级城市更新试点。", "向善街片区"),
    // Three or more sites listed in a sentence of renewal, joined by commas (sites.rs).
    (
        "今年铁西区将改造28个老旧小区，其中有爱馨苑小区，贵和街50小区，工会小区，创业小区等等。",
        "爱馨苑小区",
    ),
    // A province's list by city, each city with its count (grouped.rs).
    (
        "附：历史文化街区名单\n长沙市3处：太平街、潮宗街、铜官老街。\n湘潭市2处：窑湾、城正街。\n",
        "铜官老街",
    ),
    // A unit's residential building (site_suffix.txt: 家属楼).
    ("今年，住在拜泉县林业局家属楼的李岚挺舒心，家属楼去年完成了旧改。", "林业局家属楼"),
    // A community is a site, not a place an estate's name opens with: the estate leads the
    // name, not the community (sites.rs).
    (
        "本报讯 这些天，杭州市拱墅区长庆街道王马社区遥祥寺巷小区6幢1单元的居民每次进出，都要看一眼电梯基坑。",
        "遥祥寺巷小区",
    ),
    // A numbered item that enumerates names under its county gives each name (lists.rs).
    (
        "拆迁名单如下：\n1. 西安市未央区：牛王庙村、杜家堡村、李上壕村。\n2. 苏州市吴中区：西跨塘村、天池村。\n",
        "杜家堡村",
    ),
    // Designations of historic areas (site_suffix.txt): the modifier is part of the kind.
    ("9月17日，位于重庆市渝中区的十八梯传统风貌区游人如织。", "十八梯传统风貌区"),
    ("作品名称：山城巷历史文化风貌区\n山城巷历史文化风貌区完成了保护更新。", "山城巷历史文化风貌区"),
    // Site kinds of renewal (site_suffix.txt): old industrial zones, shanty areas, 里分.
    ("清水塘老工业区去年完成了搬迁。清水塘老工业区的厂房得到保留。", "清水塘老工业区"),
    ("棚改后，东风棚户区的居民回迁。东风棚户区曾有三千户。", "东风棚户区"),
    ("汉润里分的居民参与了讨论。汉润里分保留了原有格局。", "汉润里分"),
    // A `案例N` heading is a line of its own (structure.rs); 老厂区 is a site word.
    (
        "江西案例\n案例1　洪都老厂区：从航空城到创新街区\n南昌市青云谱区的洪都老厂区曾是飞机制造厂。\n",
        "洪都老厂区",
    ),
    // An item that is a site's name with no place (lists.rs).
    (
        "案例汇编\n（一）红梅文创园\n园区由老厂房改造而来。\n（二）上海市杨浦区长白新村\n新村完成了改造。\n",
        "红梅文创园",
    ),
    // The name column of a table of projects, whatever the names' words (tables.rs), and
    // row numbers kept off the names (spacing.rs).
    (
        "整治巷道\n序号　街巷名称　所属街道　整治重点\n1　公主府街　中山东路街道　杆线入地\n2　东门外巷　东街街道　排水改造\n",
        "东门外巷",
    ),
    // A cell that ends in a quote keeps the space after it (spacing.rs), and a table goes on
    // after a blank line (tables.rs).
    (
        "试点名单\n序号 项目名称 所在地 类型\n1 吉庆社区 南京市建邺区 完整社区\n2 “邻里汇”三元坊片区 苏州市姑苏区 完整社区\n\n3 上塘老街 温州市永嘉县 历史地段\n",
        "上塘老街",
    ),
    // An item among items that are cases is one when its head is a short name (lists.rs).
    (
        "示范名单\n1. 南京市鼓楼区湖南路街道马台街社区\n2. 苏州市姑苏区平江街道钮家巷社区\n3. “云上邻里”\n4. 无锡市梁溪区清名桥街道槐古新村\n",
        "云上邻里",
    ),
    // A name field's value, whatever its words (fields.rs, name_field_label.txt).
    (
        "设计院项目案例\n■ 项目名称：鼓楼区铜锣湾片区完整社区建设\n■ 项目地点：福州市鼓楼区\n",
        "铜锣湾片区完整社区建设",
    ),
    // A stem of three or more digits is a name (site_words::proper_stem), and
    // `创意产业园` is a site word of its own (site_suffix.txt).
    ("据介绍，726创意产业园位于老城东侧，由纱厂改造而成。", "726创意产业园"),
    // A bracketed Latin abbreviation stays in an item's name (lists.rs).
    (
        "典型案例名单\n1. 江苏省苏州市建筑信息模型(BIM)审查平台建设项目\n2. 浙江省宁波市鼓楼社区改造项目\n3. 福建省福州市三坊七巷保护项目\n",
        "建筑信息模型(BIM)审查平台",
    ),
    // `老宿舍` is a site word of its own (site_suffix.txt), so `老` does not end the stem.
    ("走访中发现，纺机老宿舍的楼道已经翻新，居民很满意。", "纺机老宿舍"),
    // Names grouped under two or more counties (grouped.rs).
    (
        "今年整村改造的城中村名单：宛城区：张庄*，李营，王湾 卧龙区：赵沟，钱家堡* 共5个",
        "钱家堡",
    ),
    // … with a count before the colon, house numbers and a former use in brackets (grouped.rs).
    (
        "改造名单如下，瑶海区3处：东风小区、长江路12号(原印刷厂宿舍)、红星楼。蜀山区2处：青年巷3、5号、二中宿舍。",
        "长江路12号",
    ),
    (
        "改造名单如下，瑶海区3处：东风小区、长江路12号(原印刷厂宿舍)、红星楼。蜀山区2处：青年巷3、5号、二中宿舍。",
        "青年巷3、5号",
    ),
    // A run counted exactly, without `等` (enumerated.rs, counted_run).
    (
        "今年，区里投入200万元，对渭丰、庆华、秦川3个老旧小区进行改造，渭丰加装了围墙。",
        "渭丰",
    ),
    // Transformed into something else (site_action.txt: 变身, 化身).
    ("南京路保元里化身沉浸式戏剧舞台，重现江城往昔。", "保元里"),
    // … whose items may be long when they end in a site word.
    (
        "粤府函〔2021〕9号\n各地级以上市人民政府：\n根据《历史文化名城名镇名村保护条例》等有关规定，现对韶关市小公园开埠区风采楼街区、东堤街区2处第三批广东省历史文化街区予以公布。",
        "韶关市小公园开埠区风采楼街区",
    ),
    // … a county right after other words, no mark between (grouped.rs, county).
    (
        "今年改造名单瑶海区3处：东风小区、长江路16号、红星楼。蜀山区2处：青年巷7号、二中宿舍。",
        "长江路16号",
    ),
    // … and in prose, a county's `的`, three names or more and `等` (grouped.rs).
    (
        "今年第二批名单公布，具体有：武江区的市丝厂宿舍、市药材公司宿舍、东岗花园等；曲江区的马坝粮站宿舍、桃园路88号、教师新村等。",
        "桃园路88号",
    ),
    // A sentence of names alone, each ending in a site word, after a colon (rolls.rs).
    (
        "经评审，首批特色街区分别为：东门老街商贸特色街区、西湖路文化休闲街区和北关茶文化村。",
        "西湖路文化休闲街区",
    ),
    // A run counted exactly: an item the tagger reads as a quantity (`许家` + `洼`) or with a
    // note in brackets is still one of the names (enumerated.rs, counted runs).
    (
        "已完成回迁安置的有北洼屯、许家洼、西岭(东城区)、后营4个村。",
        "许家洼",
    ),
    (
        "已完成回迁安置的有北洼屯、许家洼、西岭(东城区)、后营4个村。",
        "西岭(东城区)",
    ),
    // … and where a clause's own `、` comes before the run, its count says where it starts.
    (
        "已完成拆迁、方案审批、正在施工建设的城中村有王家洼、后营2个村。",
        "王家洼",
    ),
    // An address with a strong site word right after it names a compound, no renewal word
    // needed (house_numbers.rs).
    (
        "1月5日，和平路18号老旧小区的健身广场上，几位老人正在晨练。",
        "和平路18号老旧小区",
    ),
    // A lane's number (`弄`) addresses a compound as a house number does (house_numbers.rs).
    (
        "在徐汇区凯旋路500弄社区的活动室里，居民们正在讨论花园的设计。",
        "凯旋路500弄社区",
    ),
    // A creek of the Yangtze delta (site_suffix.txt: 浜), a weak site word like 河.
    ("日前，闵行区东风浜综合整治工程全面完工。", "东风浜"),
    // A weak site word after a proper name named twice (sites.rs: `proper`).
    (
        "在城市另一头的南岭村，握手楼挤在一起。南岭村的租客大多是刚毕业的年轻人。",
        "南岭村",
    ),
    // A designation after a site (site_action.txt: 列入, 入选, 获评, 上榜).
    ("在本批名单中，柳巷社区被列入拆改结合类。", "柳巷社区"),
    // Building on to it (site_action.txt: 扩建, 改扩建).
    ("图为桂园小区内扩建后的幼儿园。", "桂园小区"),
    // An ordinal goes on a name (pos::name_tail_before).
    ("据了解，农行第二宿舍区完成了外墙改造。", "农行第二宿舍区"),
    // A lead-in word opens a street's name (sites.rs `stem_start`: 建设 + 路).
    ("家住建设路54号院的老李说，院子改造后变了样。", "建设路54号院"),
    // A table whose cells are set apart by runs of spaces (normalize/spacing.rs
    // `gapped_row`, `Line::gapped`).
    (GAP_TABLE, "青梧创意园"),
    (GAP_TABLE, "白鹭仓码头"),
    // A street office the gazetteer lacks ends before the site (sites.rs `out_of_street_word`).
    (
        STREET_OFFICE,
        "贺家墩社区",
    ),
    // A county's plan lists its towns without the county: the document's places place them
    // (lists.rs, `DocView::place_context`).
    (
        "安吉县数字乡村试点工作方案\n（一）鄣吴镇竹林数字管护试点。依托村集体布设墒情监测设备。\n（二）天子湖镇数字养老试点。为独居老人安装一键呼叫终端。",
        "鄣吴镇竹林数字管护试点",
    ),
    // A listed name spelt again in another script is a proper one, and the bracket ends it
    // (lists.rs `aliased_head`).
    (
        "海外数据开放样本\n三、葡萄牙阿威罗智慧港区（Aveiro Smart Port）——小城市的数据开放\n港区由市政府与大学共同运营，数据每天向市民开放。",
        "阿威罗智慧港区",
    ),
    // An item under a case number is a case by its label, its quoted brand whatever its
    // shape (lists.rs `numbered_case`, `listed_name`).
    (
        "山区数字乡村典型案例选编\n案例一　山东临朐：九山镇“一果一码”智慧果园\n九山镇的果园装上了溯源设备，游客扫码就能看到施肥记录。\n案例二　山东青州：王坟镇“积分+清单”数字治理\n王坟镇把村规民约做成了积分清单。",
        "九山镇“一果一码”智慧果园",
    ),
];

const NOT_FOUND: &[(&str, &str)] = &[
    // A document a place issues is a policy; a programme no place owns is one too.
    ("北京市发布“十四五”规划，提出建设科技创新中心。", "十四五"),
    ("国家实施“东数西算”工程以来，各地纷纷建设数据中心。", "东数西算"),
    // An acronym is no Latin name (latin.rs).
    (
        "参与平台的冷与热\n\n这座城市的投诉系统VOXC上线三年。市民在VOXC上提交了上千条建议。",
        "VOXC",
    ),
    // Two full names for one recalled head: the recall points to neither (recalled.rs).
    (
        "临河区城市停车诱导平台与磴口县智慧供暖平台同时上线。平台接入了公共数据。平台还能预约服务。",
        "磴口县智慧供暖平台",
    ),
    (
        "临河区城市停车诱导平台与磴口县智慧供暖平台同时上线。平台接入了公共数据。平台还能预约服务。",
        "临河区城市停车诱导平台",
    ),
    // `以X为例` with common words alone: a kind of platform, not one (`named_site`).
    (
        "智慧城市建设要从居民需求出发。以智能停车平台为例，若缺乏数据支撑，就难以发挥作用。以智能停车平台为例，还要考虑运维。",
        "智能停车平台",
    ),
    (STAGE_HEADINGS, "协商阶段"),
    // An indefinite quantity before a site word names many sites (`quantity_word.txt`).
    (
        "叠彩区一些社区的做法是，依托原有的网格和楼栋长，建立互助群。",
        "一些社区",
    ),
    (
        "广西恭城瑶族自治县西岭镇不少村把村规民约搬上手机，村民积分兑换日用品。",
        "不少村",
    ),
    // A quoted possessive before a project noun is no brand (`brand_unquoted`).
    (
        "居民们说，这个菜园是“我们的”项目，大家轮流浇水。",
        "我们的",
    ),
    // A name the site took between (former_name.txt: `后更名为`) is an alias of it.
    (
        "青枫文创园的前身是一家国营印刷厂，后更名为青枫印务二厂。青枫文创园改造后开放运营。",
        "印务二厂",
    ),
    // Kinds of site named by what they are (site_stem_stop.txt: 物业, 行政, 工矿, 数字化).
    ("今年，物业小区完成改造后，居民满意度明显提高。", "物业小区"),
    ("全县120个行政村完成了人居环境整治。", "行政村"),
    ("该市工矿棚户区改造工程全面启动。", "工矿棚户区"),
    ("数字化社区建设试点在全市推开。", "数字化社区"),
    // Kinds of site joined head a part of a list (names.rs `joins_kinds`).
    (KIND_HEADINGS, "和完整社区"),
    (KIND_HEADINGS, "和老街巷"),
    // A name in brackets right after a site's is another name of it (former.rs).
    (
        "白沙坊（青枫路历史文化街区）完成微改造，吸引了大批游客。白沙坊改造后正式开街。",
        "青枫路",
    ),
    // A council or an association is an actor (org_suffix.txt), quoted or not.
    (
        "龙湫村在试点中成立了由村民、商户和外来经营者共同组成的“渔村共治理事会”，就街巷改造、招牌风貌等事项协商。龙湫村改造后游客增多。",
        "理事会",
    ),
    // `由` opens a clause after a place (clause_word.txt): `云岩区由街道、物业…组成`.
    (
        "云岩区还建立了由街道、物业和居民代表组成的议事会，每月协调停车问题。",
        "由街道",
    ),
    // Other pages' headlines under `相关阅读` (page_chrome_word.txt, links) are no text.
    (
        "白沙社区完成改造，居民搬回新居。\n责任编辑：李明\n相关阅读：\n· 滨河公园再添亲水平台\n· 红岭小区改造完成年度任务",
        "滨河公园",
    ),
    (
        "白沙社区完成改造，居民搬回新居。\n【延伸阅读】\n红岭小区改造完成年度任务",
        "红岭小区",
    ),
    (
        "白沙社区完成改造，居民搬回新居。\n【上一篇】红岭小区老旧小区改造EPC项目\n【下一篇】青枫古城片区基础设施提升工程",
        "红岭小区",
    ),
    // A roll needs a strong site word: weak ones end other words (rolls.rs; `段` of `阶段`).
    ("研究将转型划分为三个阶段。要素连接阶段、单元级发展阶段和赋能式增长阶段。", "阶段"),
    // A site word alone in quotes after a place is a designation (names.rs, quoted_kind).
    ("各项公共服务就在家门口，这里成为株洲“完整社区”的范本。", "“完整社区”"),
    // A lead verb right after a place opens a clause (sites.rs, clause_word.txt: 是).
    ("如果说长沙是近年文旅市场上的明星，那么夜市就是它的名片。", "是近年"),
    // A roll holds names only: kinds joined by `、` are no roll (rolls.rs).
    ("今年重点抓好老旧小区、城中村、背街小巷和历史文化街区。", "城中村"),
    // A bulleted field line (field_label.txt) is no list item (lists.rs).
    (
        "■ 项目地点：山东省淄博市博山区\n\n■ 建设单位：博山区住建局\n\n琉璃厂旧址改造后对外开放。",
        "项目地点",
    ),
    // A word the HMM made of a name's last character and a preposition (`村以`) opens a
    // clause (pos::has_clause_word).
    (
        "本文以对西山区前卫街道船房村以街道为单元的调查为基础，讨论城中村改造。",
        "船房村以",
    ),
    // … and `为` is a clause preposition too (clause_word.txt).
    (
        "本文以甘肃省临夏市八坊十三巷为案例，基于田野调查考察历史街区的更新。",
        "巷为",
    ),
    // … but a kind with more than a modifier besides is a clause, not that project.
    (
        "菏泽市牡丹区岳程街道对辖区老旧小区实施改造项目管理。",
        "辖区老旧小区",
    ),
    // A predicate after a site word (name_predicate.txt: 借鉴).
    (
        "大湾村位于大别山区。大湾村借鉴“四议两公开”的程序，对集体资金的使用进行民主议事和公示。",
        "借鉴",
    ),
    // An enumeration whose kind goes on as another noun lists no sites (people here), nor
    // one of places of county level or above (recognize/enumerated.rs).
    ("张晓梅、刘建国等社区工作者参与了入户调查，改造方案随后公示。", "刘建国"),
    ("东城、西城和丰台等历史文化街区的保护规划同步编制。", "丰台"),
    // A site's name with the words of a story or a counted quantity after it is the site
    // (cases::junk_tail, story_word.txt).
    (
        "本文将以槐荫区幸福小区为例，讨论改造背后的故事。\n一、槐荫区幸福小区改造历程\n槐荫区幸福小区建于1990年，去年完成了改造。",
        "改造历程",
    ),
    (
        "以宁波甬江新村300户居民自筹2亿元重建为例，这种模式难以推广。",
        "300户",
    ),
    // A preposition after a place opens a clause (clause_word.txt: 本着, 根据, 因).
    ("近年来，南阳市本着“留改拆”的原则推进老街区改造。", "南阳市本着"),
    (
        "一、改造计划由区住建办根据宛城区城中村改造规划，结合各区实际，提出改造村名单。\n二、改造资金由区财政统筹安排。",
        "根据",
    ),
    // A site named as an office's (office_word.txt) is not thereby a case.
    ("松柏社区副主任王红说，社区在改造中做了大量协调工作。", "松柏社区"),
    ("近年来，南阳市因“千元一间房”引发关注，老街区改造随后启动。", "南阳市因"),
    // A city a report keeps naming is its setting, not a case: only a paper makes a city
    // its case (cases.rs, place_only_cases).
    (
        "重庆城市更新的经验值得关注。\n\n重庆的做法是先规划后实施。\n\n重庆还在推进更多实践，例如重庆的老街。",
        "重庆",
    ),
    // A one-character site word inside a longer word (`一段时间`) is none (sites.rs,
    // pos::inside_word); a time word is no stem (site_stem_stop.txt: 期间).
    ("过去很长一段时间里，中国城市建设以快周转为导向；很长一段时间内街区更新改造滞后。", "一段"),
    ("施工期间小区居民出行不便，施工期间小区道路封闭。", "期间小区"),
    // Slogans in quotes: single characters in a row, a merger (names.rs, SLOGAN).
    ("云岩区政府通过“留、改、拆、建”，对老街商业进行整体定位、重新招商。", "留、改"),
    ("长沙湖橡小区“多改合一”更新启动，“多改合一”更新成效明显。", "多改合一"),
    // A count after a clause is no counted run: every item must be a name.
    ("记者走访三亚、琼海、海口三地的三个村庄发现，积分制正在改变乡村。", "琼海"),
    // An address after `位于` locates the case, it is none (locator_word.txt).
    ("金缘小区，位于吉林省龙井市东山街，是老城区中的一个典型居住小区。金缘小区改造后焕然一新。", "东山街"),
    // A verb inside the run after a place makes it a clause (pos::verb_inside).
    ("2018年，沈阳万科获得老厂区租赁使用权限20年，随后对老厂区进行了改造。", "获得"),
    // A renewal word alone is no stem (`重建` + `小区`); nor is `特色` (site_stem_stop.txt).
    ("阜新市今年将开工重建小区12个，重建小区全部纳入城市更新计划。", "重建小区"),
    ("天心区打造特色街巷8条，特色街巷改造后人气大增。", "特色街巷"),
    // One county's group is no grouped list (grouped.rs).
    ("今年的重点：宛城区：张庄，李营", "李营"),
    // A locative stem is no name (site_stem_stop.txt: 区内, 岛内).
    ("据统计，岛内社区已有三成完成改造，岛内社区居民普遍满意。", "岛内社区"),
    ("为补齐短板，政府收回了区内公园用地并完成改造。", "区内公园"),
    // A place's kind of site after `的` is a programme, not a site (names::is_programme_at_place).
    ("天津的老旧小区多建于上世纪八十年代，天津的老旧小区改造已完成。", "天津的老旧小区"),
    // A national designation is no site (sites.rs).
    ("该街区作为首批中国历史文化街区之一，完成了保护修缮。", "中国历史文化街区"),
    // A paired count is a programme's slogan (names::is_name).
    (
        "自去年起，本市“一园一湖”公共空间建设进入新阶段，一园一湖改造完成。",
        "一园一湖",
    ),
    // An item among items that are not cases is none (lists.rs).
    (
        "工作要求\n1. 南京市鼓楼区湖南路街道马台街社区\n2. 加强组织领导\n3. “数字赋能”\n4. 强化资金保障\n",
        "数字赋能",
    ),
    // Only name fields give cases: a place field does not (fields.rs).
    ("项目介绍\n项目地点：福州市鼓楼区安泰街道\n", "安泰街道"),
    // `里` after a container is `in` (locative_host.txt).
    ("老住户继续住在老院子里，房子完成了改造。", "老院子里"),
    ("马鞍山薛家洼生态园里完成了改造。", "生态园里"),
    // … and after a document: a plan, list or file holds things too.
    ("改造方案里提出了加装电梯和管网更新。", "方案里"),
    ("列入清单里的项目将于年内完成改造。", "清单里"),
    ("上级文件里明确了改造资金的来源。", "文件里"),
    ("片区规划里保留了老厂房作为改造对象。", "规划里"),
    // A counted quantity before a site word is a number of sites (clause_word.txt counters).
    ("今年建成的12处口袋公园完成了改造。", "12处口袋公园"),
    // `段` after a word of time or measure is no section of a place (site_stem_stop.txt).
    ("社区为不同年龄段的居民完成了改造。", "年龄段"),
    ("项目在实施阶段完成了改造。", "实施阶段"),
    // A stem that is a generic modifier is no name (site_stem_stop.txt).
    ("社区周边的便民市场完成了改造。", "便民市场"),
    // A verb or quantity before the site word is no name (part-of-speech tags).
    ("要提高社区治理水平，强化社区服务功能。", "提高社区"),
    ("一些社区还没有建立议事制度。", "一些社区"),
    // A kind of estate, not a name (site_stem_stop.txt).
    ("老旧小区改造要尊重居民意愿。", "老旧小区"),
    ("新建商品房小区配套相对完善。", "商品房小区"),
    ("不少城市的骑楼街区完成了修缮改造。", "骑楼街区"),
    ("沿江新建的滨水步道改造后向市民开放。", "滨水步道"),
    ("盘活低效产业园改造为创新空间是城市更新的重要方向。", "低效产业园"),
    ("城乡结合部社区的改造往往更加复杂。", "城乡结合部社区"),
    // A one-character site word that begins another word (site_suffix_blocked.txt).
    ("全市村民参与积极性很高。", "全市村"),
    // Distances (公里).
    ("沿河绿道长约5公里。", "5公里"),
    // Clauses and collections (name_predicate.txt, collection_word.txt).
    ("辽宁省城市更新典型案例（第一批）公布。", "典型"),
    ("南头古城去年被列为“深圳十大特色文化街区”之首。", "十大"),
    // The number of a two-level heading is not part of the name (lists.rs).
    (
        "3.2国棉二厂东区家属院\n\n国棉二厂东区家属院位于秦都区渭阳西路街道，建于1958年。",
        "2国棉",
    ),
    // Two sites joined by a conjunction are not one name (sites.rs).
    (
        "合肥市蜀山区琥珀社区和稻香村社区完成了改造。",
        "琥珀社区和稻香村",
    ),
    // A predicate inside the name (name_predicate.txt).
    (
        "莲湖区对柏树林片区实施提升改造。柏树林片区实施提升改造后面貌一新。",
        "片区实施",
    ),
    // Online and offline are no stems (site_stem_stop.txt: 线上, 线下).
    ("推动线上社区与线下社区融合发展，提升服务水平。", "线下社区"),
    // … a count's (现有), an action's (推进, 进行).
    ("据了解，兴庆区现有老旧小区782个，今年改造106个小区。", "现有"),
    ("根据名单，杭州共有18个未来社区上榜，至此杭州共有29个省级未来社区。", "共有"),
    ("今年以来，成华区推进城市更新，东郊记忆片区完成提升改造。", "推进"),
    ("近年来，成都早已开始进行城市有机更新的探索，多个街区焕新。", "进行"),
    // An organisation or event (org_suffix.txt, event_suffix.txt), a counted or led clause (clause_word.txt), a shape or
    // use word before the site word (site_stem_stop.txt), a division (市, 县).
    ("改造由长春城投统一实施，长春城投负责招商。", "长春城投"),
    (
        "厂区每年夏季举办“铁西啤酒节”，“铁西啤酒节”吸引了大量市民。",
        "啤酒节",
    ),
    // An activity (event_suffix.txt: 工作, 管理) is no case either.
    ("岳阳市城市更新工作取得新进展，岳阳市城市更新工作会议召开。", "更新工作"),
    ("北京市城市管理委员会介绍，北京市城市管理持续向街巷延伸。", "城市管理"),
    ("这一做法被江苏省多处老厂房改造项目借鉴。", "多处老厂房"),
    ("厂区保留了锯齿形厂房，锯齿形厂房改造为展厅。", "锯齿形厂"),
    ("小区新建了活动广场，活动广场改造后很热闹。", "活动广场"),
    (
        "新北市社区营造中心开展培训，新北市社区规划师参与。",
        "新北市社区",
    ),
    // A person or a bare site word as the subject (pos.rs, subjects.rs).
    ("李大爷曾是厂里的工人。李大爷说，变化太大了。", "李大爷"),
    ("小区位于城北。小区位于老城边上。", "小区"),
    // A clause (pronoun, particle, counted quantity) is no name.
    (
        "荔湾区引入了社区规划师。荔湾区引入了社区规划师。",
        "引入了社区",
    ),
    ("调研了南宁市三个小区。三个小区都有加装电梯。", "三个小区"),
    // A citation is no name (name_predicate.txt: 参见, 详见…).
    (
        "① 相关讨论参见昆明市历年城中村改造工作报告及媒体报道，此处不一一列出。",
        "参见",
    ),
    // An organisation (org_suffix.txt) and a reference back (site_stem_stop.txt).
    ("兰州新区管委会负责片区更新。兰州新区管委会表示…", "管委会"),
    (
        "近日，鼓楼区政协组织委员视察老街改造。鼓楼区政协提出了建议。",
        "政协",
    ),
    (
        "据厦门市政府网站消息，厦门市政府网站公布了老旧小区改造名单。",
        "网站",
    ),
    ("以上小区都完成了改造。以上小区居民满意。", "以上小区"),
    // Named once only.
    ("幸福里原为纺织厂宿舍，后来改成了公寓。", "幸福里原"),
    // Slogan shapes in quotes are no names.
    (
        "昆明市“一村一档”覆盖全部城中村。昆明市“一村一档”建立了问题清单。",
        "一村一档",
    ),
    (
        "昆明市“清单式”改造推进顺利。昆明市“清单式”改造覆盖各村。",
        "清单式",
    ),
    (
        "兰州市“村集体+合作社+企业”带动了村民。兰州市“村集体+合作社+企业”。",
        "村集体",
    ),
    // A former name is an alias of the site named before it (former_name.txt).
    (
        "TIT创意园位于海珠区新港中路，原为广州纺织机械厂。TIT创意园改造后成为创意产业基地。",
        "纺织机械厂",
    ),
    (
        "本文选取金牛区驷马桥街道曹家巷片区和金牛区抚琴街道抚琴小区两个不同时期的案例。",
        "两个",
    ),
    ("去年以来，姑苏区对葑门横街开展了微更新。", "区对"),
    // `像…这样` compares (clause_word.txt: 像).
    ("在道里区像民庆街这样改造完成的大院达到100个。", "像民庆街"),
    // A county's clause closed by `；` is no group of names.
    (
        "活动邀请盐埕区在地老店、居民共同参与；并与盐埕区的里办公处合作、推出老街导览。",
        "里办公处",
    ),
    // An address told as an address names nothing.
    ("办公地址：人民路10号，邮编150001。", "人民路10号"),
    (
        "一部手机管小区：智慧物业的新探索\n居民用手机报修。\n",
        "一部手机管小区",
    ),
    (
        "整治巷道\n序号　街巷名称　所属街道\n1　公主府街　中山东路街道\n",
        "1公主府街",
    ),
    // A numbered heading that ends in a weak site word is no site (`阶段`).
    (
        "二、政策协同溢出演化阶段\n这一阶段的政策数量明显增加，各地开始试点。\n",
        "演化阶段",
    ),
    // A bracketed item heading and the line under it do not run into one name.
    (
        "城市更新案例\n【案例1】山东省青岛市市南区大鲍岛历史街区\n大鲍岛街区实施保护更新。\n",
        "历史街区大鲍岛",
    ),
    // A name inside a cited document's title is no case (cited.rs).
    (
        "近日印发《河源市城镇居住社区建设补短板行动实施方案》，提出多项任务。",
        "河源市城镇",
    ),
    // A city's programme for its 城镇老旧小区 is no site (site_stem_stop.txt: 城镇老旧).
    (
        "近日，南阳市城镇老旧小区更新改造工作全面启动，涉及小区40个。",
        "城镇老旧小区",
    ),
    // A county's programme of a kind is no site (names::is_programme_at_place).
    ("2025年东营区老旧小区改造名单已公布，共涉及12个小区。", "东营区老旧小区"),
    // A joiner inside the words after a place joins two names or opens a clause; one the
    // HMM glued to the next character too (clause_word.txt, kind joiner; pos::joins_clauses).
    (
        "把福田区和香蜜湖公园放在一起比较，两处都完成了提升改造。",
        "福田区和",
    ),
    (
        "厦门的海滨由旧码头和仓库改建而成，周末来散步的市民很多。",
        "由旧码头",
    ),
    // … but a common one is a word, not a stem.
    ("驻村干部介绍，该村旧改项目已经启动。", "该村"),
    // … and a note of which buildings is no part of a name.
    (FLAT_TABLE, "1—8栋"),
    // A name ending in a kind of document is a plan or rule, not a site
    // (policy_doc_type.txt, names::is_name).
    (
        "牢牢把握发展定位，以保定市国土空间规划为统领，落实本市规划要求，推进城市更新。",
        "国土空间规划",
    ),
    // A quoted count is a slogan (names::SLOGAN): a short one, or counts in a row.
    ("青云谱区全力推进“五城”建设，城市面貌焕然一新。", "五城"),
    ("助力九龙坡区“三高三宜三率先”建设，城市更新成效明显。", "三高三宜"),
    // A verb that leads into its object ends before the site name (site_left_stop.txt).
    ("浙江省公布未来社区搭建框架，明确了九大场景。", "公布"),
    ("河东区谋划一机床总厂及周边城市更新项目。", "谋划"),
    ("市长到老城区督导周公里片区改造提升工作。", "督导"),
    // A numbered item that enumerates names is no one case (lists.rs).
    (
        "拆迁名单如下：\n1. 西安市未央区：牛王庙村、后村、新房村。\n2. 苏州市吴中区：西跨塘村、姑苏村、尧峰村。\n",
        "、",
    ),
    ("要科学设置施工围挡，充分考虑片区通达性。", "考虑"),
    // A designation's level is no stem (site_suffix.txt: 旅游休闲街区).
    ("万寿宫历史文化街区被评为江西省省级旅游休闲街区，游客络绎不绝。", "省级旅游休闲街区"),
    // A strong site word is a kind, no stem (site_words::proper_stem): old streets and
    // lanes, old neighbours.
    ("投入资金，致力于对洪都社区的老街巷进行升级改造。", "老街巷"),
    ("这一民生工程让越来越多的老街坊们看到曙光。", "老街坊"),
    // A verb between a place and a project makes the place the subject (case_cues.rs).
    ("上个月，湖里区交出老旧小区改造亮眼答卷，231个老旧小区全部改造完成。", "湖里区交出"),
    // A kind of house is no stem (site_stem_stop.txt: 石库门).
    ("张园项目将石库门里弄转型为文创综合体，保留了砖木结构。", "石库门里弄"),
    // A model is a kind, not a name (site_stem_stop.txt: 样板).
    ("这是片区中首个完成老旧小区提升改造的样板小区。样板小区的车棚也换了新。", "样板小区"),
    // A level is no stem (site_stem_stop.txt: 级).
    ("到2023年底，发布市级未来社区创建项目100个以上。", "市级"),
    // An office is an organisation, not a site (org_suffix.txt: 委).
    (
        "西安市建委加快老旧小区更新改造工作。西安市建委建设处介绍了进展。西安市建委表示将继续推进。",
        "建委",
    ),
    // A proper name that runs into an organisation's ending is the organisation's (proper.rs).
    (
        "街道引进哈尔滨赛祥热力有限公司改造供热管网。",
        "赛祥",
    ),
    // … and the street office's last character is not the site's first (sites.rs).
    (
        STREET_OFFICE,
        "道贺家墩",
    ),
    // A quoted way of working is no project: a case noun ends a quote (case_cues.rs).
    (
        "本文以青州市白沙村和青枫村为案例，分析“村集体主导”与“新老村民共建”两种乡村共治模式。",
        "村集体主导",
    ),
    // An old factory is a kind of place (site_stem_stop.txt: 老厂).
    (
        "1　白沙区　青苇街道　红岭社区　老厂家属区改造+社区食堂\n2　白沙区　青枫街道　青枫社区　加装电梯+托育点",
        "老厂家属区",
    ),
    // A workshop is no lane (site_stem_stop.txt: 工作).
    (
        "第五条　社区规划师履行下列职责：\n（一）参与白沙社区的更新规划；\n（二）组织或者协助组织居民议事会、方案说明会、工作坊等活动，向居民解读规划政策；\n（三）跟踪白沙社区改造实施。",
        "工作坊",
    ),
    // `里` after a medium is `in` (locative_host.txt: 新闻, 报道, 报告, 文章).
    (
        "这些年，我们在新闻里常看到老旧小区改造。新闻里说的加装电梯，白沙社区已经装了12部。",
        "新闻里",
    ),
    // A table row read as a numbered item ends with its site's cell (lists.rs `first_cells`).
    (SPACED_ROWS, "旧改类"),
    // A listed task opens with what is done, not with a name (lists.rs `site_head`).
    (
        "二、重点任务\n（五）建设完整社区。以15分钟社区生活圈为单元，补齐养老、托育和便民商业设施。",
        "建设完整社区",
    ),
    // A quote after `说` is what people say, not a name (`speech` in case_cue_word.txt).
    (
        "柳州人说“去龙潭池”，往往指的是池边那一圈散步道和大榕树下的老人棋摊。",
        "人说",
    ),
    // An item under a case number that is a sentence names no case: a causative word of its
    // own makes it one (lists.rs `numbered_case`).
    (
        "基层治理案例选编\n案例一　山东青州：“网格+数据”让网格员少跑腿\n街道把采集任务统一派发。\n案例二　山东临朐：“楼长+数据”让居民少跑腿\n街道把楼长纳入网格。",
        "让网格员",
    ),
    // A case number under a section number is part of the item's marker (lists.rs).
    (
        "乌兰察布市老工业区更新调查\n三、案例二：集宁老机务段\n集宁老机务段原为铁路机务段，现改造为文创园区。",
        "案例二",
    ),
];

/// A site right after a street office the gazetteer lacks (`唐家墩街道`), which the tags cut
/// as `街` + `道贺`.
const STREET_OFFICE: &str = "该区唐家墩街道贺家墩社区和花楼街街道交易街社区日前入选完整社区建设试点名单。\n\n贺家墩社区：闲置锅炉房变成服务站\n\n贺家墩社区有居民约4300户。去年起，街道联合社区居委会召开了6次“板凳会”，决定把锅炉房改建成社区食堂。";

/// Numbered rows parted by full-width spaces, no header: each row's site cell is its name.
const SPACED_ROWS: &str = "现将名单公布如下。\n1　青州市　东城区　白沙未来社区　旧改类　未来健康、未来邻里\n2　青州市　西城区　红岭未来社区　旧改类　未来治理、未来邻里\n3　青州市　南城区　青枫未来社区　新建类　未来低碳、未来交通";

/// Every links word heads a list of other pages' headlines, every nav word a link to the
/// page before or after (`page_chrome_word.txt`): none of them is text with a case.
#[test]
fn every_links_and_nav_word_hides_its_headlines() {
    let chrome = corpus::lexicon!("page_chrome_word");
    let body = "白沙社区完成改造，居民搬回新居，白沙社区还建起了社区食堂。";
    let texts = chrome
        .words_of("links")
        .flat_map(|w| {
            [
                format!("{body}\n{w}：\n· 老厂房如何“活”起来？\n· 红岭小区改造完成年度任务"),
                // The headlines on the heading's own line (structure.rs `is_links_heading`).
                format!("{body}\n{w}：老厂房如何“活”起来？ | 红岭小区改造完成年度任务"),
            ]
        })
        .chain(
            chrome
                .words_of("nav")
                .map(|w| format!("{body}\n【{w}】红岭小区老旧小区改造项目")),
        );
    for text in texts {
        let got = cases(&text);
        assert!(!got.iter().any(|n| n.contains("红岭")), "{text}: {got:?}");
        assert!(got.iter().any(|n| n.contains("白沙")), "{text}: {got:?}");
    }
}

/// A section's opening sentence that tells what the site used to be names the site of its
/// heading (former.rs `heading_host`): the former name is another name of it.
#[test]
fn a_former_name_under_a_heading_is_its_sites() {
    let d = doc(FORMER_UNDER_HEADINGS);
    let x = extract::extract(&d, &KB);
    let names: Vec<&str> = x.cases.iter().map(|c| c.name.as_str()).collect();
    assert!(!names.iter().any(|n| n.contains("纺织机械厂")), "{names:?}");
    // The former name's own mention is the site's evidence.
    let named_at = |e: &extract::Evidence| {
        let p = d.passages.iter().find(|p| p.id == e.passage);
        let text = |p: &corpus::Passage| -> String {
            p.text
                .chars()
                .skip(e.start as usize)
                .take((e.end - e.start) as usize)
                .collect()
        };
        p.is_some_and(|p| text(p) == "广州纺织机械厂")
    };
    let site = x.cases.iter().find(|c| c.name == "青梧创意园");
    assert!(
        site.is_some_and(|c| c.evidence.iter().any(named_at)),
        "{names:?}"
    );
}

/// A middle dot parts an organisation from the label after it (candidate.rs `new_cand`): the
/// organisation is no case.
#[test]
fn a_byline_with_a_middle_dot_names_no_case() {
    let got = cases_of_page(
        "城市更新案例 | 老城里院的“新生活”：白沙坊与红岭路的更新实践\n烟台城市更新投资发展集团 · 案例展示\n发布时间：2024-02-21\n\n【案例一】白沙坊历史文化街区保护更新项目\n\n区位：青苇市东城区红岭街道\n模式：“政府主导、国企实施、市场运营”\n\n白沙坊历史文化街区是近代形成的商住区，街区以“里院”为特色。集团作为实施主体，对街区进行保护更新。\n\n【案例二】红岭路历史街区功能提升项目\n\n红岭路沿街保留着十余座近代银行建筑。\n"
            .to_string(),
    );
    assert!(!got.iter().any(|n| n.contains("集团")), "{got:?}");
}

/// A short name quoted in brackets after the full one (`甲厂（“乙厂”）`) is one case.
#[test]
fn a_quoted_name_in_brackets_is_the_same_site() {
    let got = cases("兰州第五毛纺织厂（“五毛厂”）完成改造，变身文创园。五毛厂如今游客众多。");
    assert_eq!(got.len(), 1, "{got:?}");
}

#[test]
fn recognisers_find_each_cue() {
    for (text, want) in FOUND {
        let got = cases(text);
        assert!(
            got.iter().any(|n| n.contains(want)),
            "{text}: want {want}, got {got:?}"
        );
    }
}

#[test]
fn recognisers_refuse_each_non_name() {
    for (text, bad) in NOT_FOUND {
        let got = cases(text);
        assert!(
            !got.iter().any(|n| n.contains(bad)),
            "{text}: {bad} is no case, got {got:?}"
        );
    }
}

/// A headline led by a strong site's name is a case (`case_cues::headline_site`); one whose
/// stem is no run of name words is not.
#[test]
fn a_headline_led_by_a_site_names_a_case() {
    let rows = [
        ("松山文创园区：烟厂的第二人生", Some("松山文创园区")),
        ("一部手机管小区：智慧物业的新探索", None),
        (
            "项目案例 | 城南文创园：一座酒厂的第二人生",
            Some("城南文创园"),
        ),
        ("访谈丨“槐树湾”小区：把楼道还给邻居", Some("槐树湾")),
        ("山城巷历史文化风貌区", Some("山城巷历史文化风貌区")),
        (
            "作品名称：山城巷历史文化风貌区",
            Some("山城巷历史文化风貌区"),
        ),
        // A part that reports on a site: its case up to its platform noun
        // (`case_cues::reported_site`); a place is first, and a count is no name.
        (
            "让数据多跑路：青州市不动产登记服务平台建设纪实",
            Some("青州市不动产登记服务平台"),
        ),
        ("海外智慧城市建设项目纪实", None),
    ];
    for (title, want) in rows {
        let names = cases_of_page(format!("{title}\n案例专页｜文化资产再利用\n\n园区保留了制烟工厂、锅炉房和五座仓库，由文化企业运营，居民参与了方案讨论。\n"));
        let head = want.unwrap_or_else(|| title.split('：').next().unwrap());
        assert_eq!(
            names.iter().any(|n| n.contains(head)),
            want.is_some(),
            "{title}: {names:?}"
        );
    }
}

/// A quoted name right before a site word is its stem (sites.rs `quoted_before`): a platform
/// the headline names and the body tells of.
#[test]
fn a_quoted_name_before_a_site_word_is_its_stem() {
    let names = cases_of_page("掌上管小区：秀峰区“平安青枫”智慧社区平台上线一年\n\n这条提醒来自去年上线的“平安青枫”智慧社区平台。平台由秀峰区政府牵头建设，居民可在线报修。\n".to_string());
    assert!(names.iter().any(|n| n.contains("平安青枫")), "{names:?}");
}

/// The concept labels a case takes, facet by facet (actors, mechanisms, financing).
fn facets_of(text: &str, case: &str) -> Vec<String> {
    let ex = extract::extract(&doc(text), &KB);
    let c = ex
        .cases
        .iter()
        .find(|c| c.name.contains(case))
        .unwrap_or_else(|| panic!("{text}: no case {case}"));
    [&c.actors, &c.mechanisms, &c.financing, &c.technologies]
        .into_iter()
        .flatten()
        .map(|r| r.label.clone())
        .collect()
}

/// (text, case, a concept it must not take, a concept it must take): one row per
/// `stance_word.txt` kind (extract/stance.rs).
const STANCE: &[(&str, &str, &str, &str)] = &[
    // A negator before the concept in its clause denies it.
    (
        "以青岛市市北区和平小区为例，改造不再推倒重建，由居民议事会商定方案。",
        "和平小区",
        "拆除重建",
        "居民议事会",
    ),
    // A modal negator (不能, 不可能, 严禁…) denies as 不再 does.
    (
        "以青岛市市北区和平小区为例，这里不可能推倒重建，由居民议事会商定方案。",
        "和平小区",
        "拆除重建",
        "居民议事会",
    ),
    // A general finding after the case's sentence is not what the case did.
    (
        "以青岛市市北区和平小区为例，居民议事会商定了方案。研究认为，政府财政投入难以持续。",
        "和平小区",
        "政府财政投入",
        "居民议事会",
    ),
];

#[test]
fn a_case_takes_only_what_is_said_of_it() {
    for (text, case, not, want) in STANCE {
        let got = facets_of(text, case);
        assert!(
            !got.iter().any(|l| l == not),
            "{text}: {not} taken: {got:?}"
        );
        assert!(
            got.iter().any(|l| l == want),
            "{text}: {want} missing: {got:?}"
        );
    }
}

/// A newspaper's city (`平顶山日报`) is no mention of a place but where the report comes
/// from: the context that resolves the short names in it (places.rs, `find_with_press`); here
/// the street of 卫东区 named in the report.
#[test]
fn a_newspaper_gives_its_city_as_context() {
    let text = "卫东区东安路街道：老旧小区改造改到居民心坎上\n\n平顶山日报记者 李红梅\n\n\u{3000}\u{3000}走进卫东区东安路街道的矿建大院，新铺的路面平平整整。\n\n\u{3000}\u{3000}据了解，东安路街道老旧小区改造项目共涉及14个小区，今年年底前全部完工。\n";
    let d = corpus::parse(&Source {
        name: "w9-01-news-slug.txt".to_string(),
        file: "test.txt".to_string(),
        first_line: 1,
        text: text.to_string(),
        encoding: "UTF-8".to_string(),
    });
    let ex = extract::extract(&d, &KB);
    let places: Vec<(&str, Option<&str>)> = ex
        .places
        .iter()
        .map(|p| (p.name.as_str(), p.code.as_deref()))
        .collect();
    assert!(
        places
            .iter()
            .any(|(_, c)| c.is_some_and(|c| c.starts_with("410403"))),
        "{places:?}"
    );
    assert!(
        places.iter().all(|(n, _)| !n.starts_with("平顶山")),
        "{places:?}"
    );
}

/// A notice's list by district, each district on its own line, keeps every item: real lists
/// run past the two dozen cases a discursive text has (cases.rs, `MAX_CASES`).
#[test]
fn a_long_grouped_list_keeps_every_item() {
    let names =
        |d: &str, n: usize| -> Vec<String> { (1..=n).map(|i| format!("{d}{i}号院")).collect() };
    let (east, west) = (names("东风路", 18), names("青年巷", 17));
    let text = format!(
        "今年改造名单公布。\n瑶海区18处：{}。\n蜀山区17处：{}。",
        east.join("、"),
        west.join("、")
    );
    let got = cases(&text);
    for want in east.iter().chain(&west) {
        assert!(got.contains(want), "{want} not in {got:?}");
    }
}

/// Hong Kong, Macao and Taiwan districts (gazetteer supplement) are places, so the site after
/// one is named from it; their short forms need context (`新竹小区` stays an estate).
#[test]
fn supplement_districts_are_places() {
    let got = cases("新北市板橋區介壽街自主都更案由居民自組更新會推動，介壽街自主都更案已完成。");
    assert!(
        got.iter().any(|n| n.starts_with("新北市板橋區介壽街")),
        "{got:?}"
    );
    let got = cases("新竹小区建于上世纪九十年代，新竹小区改造后加装了电梯。");
    assert!(got.iter().any(|n| n == "新竹小区"), "{got:?}");
}

/// A city a report or a comment keeps naming is its setting, not a case: only a paper makes
/// its city a case (cases.rs, `place_only_cases`).
#[test]
fn a_comment_does_not_make_its_city_a_case() {
    // Paragraphs long enough to be passages of their own.
    let filler = "改造涉及供水、供电、燃气和雨污管网，也涉及加装电梯、停车设施和社区服务用房，各方意见需要反复协商，方案需要多轮公示，资金需要多方筹措，施工需要分期推进。";
    let text = [
        "成都作为超大城市，其老旧小区改造的经验值得总结。",
        "成都的做法是先规划后实施，成都的实践表明居民参与很重要。",
        "例如，成都在改造内容上采用三级分类标准，成都的经验可以复制。",
        "成都还探索建立多元共治机制，成都的教训也值得记取。",
        "比如成都的社区规划师制度，成都的做法已在多地推广。",
    ]
    .map(|p| format!("{p}{filler}{filler}"))
    .join("\n\n");
    let mut d = doc(&format!("成都老旧小区改造如何破解难题\n\n{text}"));
    d.genre = "commentary".to_string();
    let got: Vec<String> = extract::extract(&d, &KB)
        .cases
        .into_iter()
        .map(|c| c.name)
        .collect();
    assert!(!got.iter().any(|n| n == "成都"), "{got:?}");
}

#[test]
fn bare_county_groups_are_list_items() {
    // With nothing between a county and its names, groups closed by `；` (grouped.rs, bare
    // groups): each name is a list item, which a long list's salience keeps.
    let text = "第二批名单为：金水区杲村、张庄村、马李庄村；二七区兑周村、贾砦村；惠济区苏屯村、东陈伍寨村。";
    let feats = extract::case_features(&doc(text), &KB);
    let listed = |name: &str| feats.iter().any(|(n, _, x)| n == name && x[2] == 1.0);
    for name in ["杲村", "贾砦村", "东陈伍寨村"] {
        assert!(listed(name), "{name}: {feats:?}");
    }
}

/// In text of a paragraph a line, a short line set off by a blank line (a subheading) ends
/// where it does: the next paragraph's site is not read into it (`structure::flush`).
#[test]
fn a_subheading_line_ends_its_paragraph() {
    let text = "目前正在积极推广加装电梯成片推进和后续管理连片托管模式,有效降低居民加装电梯成本和后期运行维护费用,让更多老年人不再为上下楼发愁。今年以来,武汉市已完成加装电梯800余部。\n\n一梯解千愁26年房龄老小区焕生机\n\n武警石牌岭小区建于1999年,共有3栋楼168户居民,全部为8层步梯房,爬楼难成为困扰小区居民的头号难题。\n\n武警石牌岭小区\n\n买个东西上下楼要歇两次。\n";
    let ex = extract::extract(&doc(text), &KB);
    let said: Vec<&str> = ex
        .cases
        .iter()
        .flat_map(|c| c.evidence.iter().map(|e| e.text.as_str()))
        .collect();
    assert!(
        !said.is_empty() && !said.iter().any(|t| t.contains("焕生机武警")),
        "{said:?}"
    );
}

/// A line of names under a bare heading line, between paragraphs (`structure::heading`): the
/// heading is no part of the first name, and every name is a case (`rolls.rs`).
#[test]
fn a_roll_under_its_heading_names_each_site() {
    let text = "市商务局近日公布了商业特色街区的年度考核结果，对达到标准的街区由市政府统一命名并授予牌匾，对连续两年达不到考核目标的街区，摘除市政府命名的牌子，不再享受扶持政策。\n附：\n本市首批商业特色街区\n东门老街商贸特色街区、西湖路文化休闲街区、南塘丝绸特色街区、北关茶文化村。\n";
    let got = cases(text);
    for want in [
        "东门老街商贸特色街区",
        "西湖路文化休闲街区",
        "南塘丝绸特色街区",
        "北关茶文化村",
    ] {
        assert!(got.iter().any(|n| n == want), "want {want}, got {got:?}");
    }
    assert!(!got.iter().any(|n| n.contains("首批")), "{got:?}");
}

/// A quoted name in a headline right after the town that owns it is a case, as in the body
/// (`case_cues::title_quotes`); a province's quoted name is its campaign.
#[test]
fn a_headline_quote_after_its_place_names_a_case() {
    let rows = [
        (
            "“先学会，再教人”——访安吉县鄣吴镇“竹乡夜课”发起人",
            Some("鄣吴镇“竹乡夜课”"),
        ),
        ("浙江省“竹乡夜课”进乡村", None),
    ];
    for (title, want) in rows {
        let names = cases_of_page(format!("{title}\n\n记者 王青\n\n2021年起，她在镇上办起“竹乡夜课”，四年开课200余期，学员多是留守妇女。\n"));
        let found = names
            .iter()
            .any(|n| want.is_some_and(|w| n.contains(w)) || n.contains("省"));
        assert_eq!(found, want.is_some(), "{title}: {names:?}");
    }
}
