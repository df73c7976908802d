//! Titles: a headline on the first lines wins over the file name for news and notices (and
//! for any file whose name is no title). One row per form, and one per lexicon entry of
//! `field_label.txt`, `byline_word.txt`, `page_chrome_word.txt` and `title_label.txt`.

mod common;

use common::doc;
use corpus::lexicon;

const BODY: &str = "初秋的老街上，游客穿行在梧桐树荫下，居民在新修的口袋公园里下棋。";

/// (text, title)
const HEADLINES: &[(&str, &str)] = &[
    // (text, title)
    (
        "彭浦新村：一边拆旧建新 一边“加梯”提质\n来源：新民晚报 2024-05-16　记者 顾晓岚\nBODY",
        "彭浦新村：一边拆旧建新 一边“加梯”提质",
    ),
    (
        "城市发展研究　第31卷　第5期　2024年\n老工业区工业遗产再利用的空间生产逻辑\n刘振东，孙婧怡\nBODY",
        "老工业区工业遗产再利用的空间生产逻辑",
    ),
    (
        "城市规划学刊2024.03 URBAN PLANNING FORUM\n老旧街区更新中的居民议事与空间修补\n王立新\nBODY",
        "老旧街区更新中的居民议事与空间修补",
    ),
    (
        "单位制街坊更新中的产权协调与居民参与\n——以武汉市青山区红钢城为例\n张倩\nBODY",
        "单位制街坊更新中的产权协调与居民参与——以武汉市青山区红钢城为例",
    ),
    (
        "河北省住房和城乡建设厅\n关于公布第一批省级完整社区建设试点名单的通知\n冀建城建〔2023〕18号\nBODY",
        "河北省住房和城乡建设厅关于公布第一批省级完整社区建设试点名单的通知",
    ),
    (
        "某市人民政府办公厅关于印发《某市城市更新\n行动方案》的通知\n某府办发〔2023〕12号\nBODY",
        "某市人民政府办公厅关于印发《某市城市更新行动方案》的通知",
    ),
    (
        "某市人民政府文件\n某府发〔2023〕5号\n某市人民政府关于推进城市更新的实施意见\nBODY",
        "某市人民政府关于推进城市更新的实施意见",
    ),
    (
        "江门市人民代表大会常务委员会公告\n（第12号）\n《江门市城市更新条例》已由江门市人民代表大会常务委员会通过，现予公布。\nBODY",
        "江门市城市更新条例",
    ),
    (
        "海口市人民政府令\n第178号\n《海口市城镇老旧小区改造管理办法》业经市政府常务会议审议通过，现予公布。\nBODY",
        "海口市城镇老旧小区改造管理办法",
    ),
    (
        // An info box's rows, their space lost before a code, do not count as lines
        // before the headline.
        "索引号11500103MB16469382/2026-00004 发布机构 某区政府办公室\n成文日期 2025-12-24 发布日期 2026-01-22\n体裁分类 其他 发文字号 某府办〔2025〕105号\n索引号 11500103MB16469382/2026-00004\n发布机构 某区政府办公室\n成文日期 2025-12-24\n发布日期 2026-01-22\n体裁分类 其他\n发文字号 某府办〔2025〕105号\n有效性\n某区人民政府办公室关于印发《某区城市更新三年行动方案》的通知\nBODY",
        "某区人民政府办公室关于印发《某区城市更新三年行动方案》的通知",
    ),
    (
        "• 文  号: 某府办规[2020]6号\n• 发布机关: 某区人民政府办公室\n标　题 关于深入推进智慧社区建设的实施意见\nBODY",
        "关于深入推进智慧社区建设的实施意见",
    ),
    (
        // Outside an info box, a headline may start with a title label's words.
        "名称变更后的老厂房焕发新生\nBODY",
        "名称变更后的老厂房焕发新生",
    ),
    (
        // A headline a page repeats in its first lines is no running header.
        "首页 资讯 正文\n太原：老楼装电梯 居民心欢喜\n体育正文 73 0\n太原：老楼装电梯 居民心欢喜\n太原：老楼装电梯 居民心欢喜\nBODY",
        "太原：老楼装电梯 居民心欢喜",
    ),
    (
        // No headline line: the original title, or a summary's bracketed headline.
        "原标题：旧厂房的全新打开方式：不仅仅是“打卡”\n新华社沈阳6月16日电（记者于也童）手捧一杯咖啡，在城市书房度过休闲时光，穿行在红砖厂房之间打卡拍照。\nBODY",
        "旧厂房的全新打开方式：不仅仅是“打卡”",
    ),
    (
        "摘要：\n【昆明昭宗片区城改，风起云涌看新变】昆明昭宗片区城中村改造项目迎来新动态，总建筑面积达55.2万平方米，预计总投资25亿元。\nBODY",
        "昆明昭宗片区城改，风起云涌看新变",
    ),
    (
        // A page that starts in the text: the signature gives way to the title it quotes.
        "现将《关于深入推进智慧社区建设的实施意见》印发给你们，请认真贯彻执行。\n湖南省民政厅\n湖南省公安厅\nBODY",
        "关于深入推进智慧社区建设的实施意见",
    ),
    (
        "某区人民政府公告\n根据《国有土地上房屋征收与补偿条例》，现将有关事项公告如下。\nBODY",
        "某区人民政府公告",
    ),
    (
        "【参评作品】油库变公园：杭州小河公园景观更新设计\n参评类别：城市公共空间更新\nBODY",
        "油库变公园：杭州小河公园景观更新设计",
    ),
    (
        "首页 > 政务公开 > 政策文件\n关于推进完整社区建设的实施意见\nBODY",
        "关于推进完整社区建设的实施意见",
    ),
    (
        "通信信息报/2024年/4月/3日/第005版\n城市更新行动进入加速期\nBODY",
        "城市更新行动进入加速期",
    ),
    // A date in an era's years, and a line stamped with a time of day, are no headline.
    (
        "民國105年01月30日\n眷村更新案進度報告\nBODY",
        "眷村更新案進度報告",
    ),
    (
        "城市新媒体 2023-06-25 10:28\n滨江岸线全线贯通\nBODY",
        "滨江岸线全线贯通",
    ),
    // A section's name is too short for a headline; a short label with a word or a
    // code after it is a field; an open-information table's row has no colon.
    ("新闻动态\n老旧厂房变身社区客厅\nBODY", "老旧厂房变身社区客厅"),
    ("热搜: 旧改\n老旧厂房变身社区客厅\nBODY", "老旧厂房变身社区客厅"),
    // A policy reprinted under a news lead: its title line, not the lead.
    (
        "近日，某省人民政府印发了《关于推动城市高质量发展的实施方案》，要求各地结合实际认真贯彻落实。全文如下。\n关于推动城市高质量发展的实施方案\nBODY",
        "关于推动城市高质量发展的实施方案",
    ),
    // An e-paper's page label (`00001版:一版要闻`).
    (
        "浙江日报 数字报纸\n00001版:一版要闻\n拱墅区老楼加装电梯达1000台\nBODY",
        "拱墅区老楼加装电梯达1000台",
    ),
    (
        "国内统一刊号:CN12-0001\n老旧厂房变身社区客厅\nBODY",
        "老旧厂房变身社区客厅",
    ),
    (
        "组配分类 区府办文件 发布机构 某区政府办\n某区老旧小区改造三年行动方案\nBODY",
        "某区老旧小区改造三年行动方案",
    ),
    // A line with the site's web address is the page's, not a headline.
    (
        "某省政府门户网站 www.example.gov.cn 2011年03月17日 来源：省政府办公厅\n某省人民政府关于同意某市历史文化街区保护规划的批复\nBODY",
        "某省人民政府关于同意某市历史文化街区保护规划的批复",
    ),
    // A page copied onto one line: the policy title before the first gap.
    (
        "关于征求《某市历史文化名城 保护条例（草案）》意见的通告 为了加强历史文化名城保护，市人大常委会审议了条例草案，现将草案全文公布，征求意见。\nBODY",
        "关于征求《某市历史文化名城 保护条例（草案）》意见的通告",
    ),
    // A law database's info box (`法律效力位阶：地方性法规`) comes before the law's title.
    (
        "法律效力位阶：地方性法规\n制定机关：某市人民代表大会常务委员会\n时效性：有效\n某市历史文化名城保护条例\nBODY",
        "某市历史文化名城保护条例",
    ),
];

#[test]
fn headline_forms() {
    for &(text, want) in HEADLINES {
        let text = text.replace("BODY", BODY);
        assert_eq!(doc("w9-01-news-slug.txt", &text).title, want, "{text}");
    }
}

#[test]
fn a_file_name_title_found_in_the_text_stays() {
    let text = format!("南通日报/2025年/5月/25日/第A02版\n看南通·经济科技\n数智平台守护城市“生命线”\n本报记者 沈佳颖\n{BODY}");
    let d = doc("数智平台守护城市“生命线”_本报记者__沈佳颖.txt", &text);
    assert_eq!(d.genre, "news");
    assert_eq!(d.title, "数智平台守护城市“生命线”");
}

#[test]
fn the_headline_beats_a_file_name_not_in_the_text() {
    let text = format!("扬州仁丰里：一条千年老街的“微更新”账本\n扬州晚报记者 周梦涵\n{BODY}");
    let d = doc("仁丰里报道_记者__周梦涵.txt", &text);
    assert_eq!(d.title, "扬州仁丰里：一条千年老街的“微更新”账本");
}

#[test]
fn every_field_label_is_skipped() {
    for label in lexicon!("field_label").words() {
        let text = format!("{label}：某某 2024-03-01\n老街区的新生活\n{BODY}");
        assert_eq!(
            doc("w9-02-news-slug.txt", &text).title,
            "老街区的新生活",
            "{label}"
        );
    }
}

#[test]
fn every_page_chrome_word_is_skipped() {
    let chrome = lexicon!("page_chrome_word");
    let lines = chrome
        .words_of("menu")
        .map(|w| format!("学校网站 {w}"))
        .chain(
            chrome
                .words_of("counter")
                .map(|w| format!("城市新媒体 {w}：907")),
        )
        .chain(chrome.words_of("imprint").map(|w| {
            format!("某某日报报刊社 某某融媒体集团 出版 {w}:CN52-0013 代号65-1 京备2024001号")
        }));
    for line in lines {
        let text = format!("{line}\n老街区的新生活\n{BODY}");
        assert_eq!(
            doc("w9-03-news-slug.txt", &text).title,
            "老街区的新生活",
            "{line}"
        );
    }
}

/// A page's copyright notice after its body is no headline, and leaves the body read.
#[test]
fn a_copyright_notice_is_no_headline() {
    let text = "近日，省政府公布第五批省级历史文化街区名单，泉州市新行街历史文化街区上榜。\n【版权及免责声明】凡本网所属版权作品，转载时须获得授权并注明来源。\n";
    let d = doc("w9-04-news-slug.txt", text);
    assert!(!d.title.contains("声明"), "{}", d.title);
    let cases = corpus::extract::extract(&d, &corpus::extract::Knowledge::bundled().unwrap()).cases;
    assert!(cases.iter().any(|c| c.name.contains("新行街")), "{cases:?}");
}

/// Keywords or a source line at a page's end close no front matter: the body above them is
/// read (a write-up's `关键词` after its last section).
#[test]
fn metadata_at_the_end_leaves_the_body() {
    let body = "西区开放后，老街迅速成为城市热门的文化目的地，开放首年累计接待访客超过千万人次，周边居民也常来散步。";
    let text = format!("项目案例｜某老街保护更新\n项目名称：某老街保护更新项目\n{body}\n{body}\n关键词：历史风貌区　保护更新\n");
    let d = doc("w9-05-writeup-slug.txt", &text);
    assert!(
        d.passages.iter().any(|p| p.text.contains("千万人次")),
        "{:?}",
        d.passages
    );
}

/// A headline may hold a counter word without a number (`阅读`), and a menu word in a long line.
#[test]
fn counter_words_alone_leave_a_headline() {
    let text = format!("城市阅读空间走进老街区\n{BODY}");
    assert_eq!(
        doc("w9-03-news-slug.txt", &text).title,
        "城市阅读空间走进老街区"
    );
}

#[test]
fn every_byline_word_is_skipped() {
    for word in lexicon!("byline_word").words() {
        let text = format!("扬州晚报{word} 周梦涵\n老街区的新生活\n{BODY}");
        assert_eq!(
            doc("w9-03-news-slug.txt", &text).title,
            "老街区的新生活",
            "{word}"
        );
    }
}

#[test]
fn every_title_label_gives_the_title() {
    for label in lexicon!("title_label").words() {
        let text = format!("索引号：000014349/2023-00012\n{label}：关于推进城市更新的实施意见\n发文字号：某府规〔2023〕5号\n{BODY}");
        let d = doc("w9-04-policy-slug.txt", &text);
        assert_eq!(d.title, "关于推进城市更新的实施意见", "{label}");
    }
}

#[test]
fn an_unnumbered_heading_line_is_a_heading() {
    let long = "公园开放后，成为运河沿线热门的公共空间，节假日日均客流逾万人次，工作日傍晚也有大量周边居民前来散步。";
    let text = format!("小河公园景观更新\n\n油库搬迁后，场地闲置多年。\n实施成效\n{long}\n");
    let d = common::doc("案例.txt", &text);
    let headings: Vec<&str> = d.sections.iter().map(|s| s.heading.as_str()).collect();
    assert!(headings.contains(&"实施成效"), "{headings:?}");
    assert!(d.passages.iter().all(|p| !p.text.contains("实施成效公园")));
    // A line wrapped in mid-sentence is no heading.
    let text = format!("小河公园景观更新\n\n油库搬迁后，场地闲置多年，街道和\n企业一起\n{long}\n");
    let d = common::doc("案例.txt", &text);
    assert!(d.sections.iter().all(|s| s.heading != "企业一起"));
}

/// A run of search keywords above a page's headline is no headline; a headline with one
/// comma is.
#[test]
fn a_keyword_run_is_skipped() {
    let text = format!("旧城改造,老旧小区,城市更新,社区营造,街区改造\n老街区的新生活\n{BODY}");
    assert_eq!(doc("w9-03-news-slug.txt", &text).title, "老街区的新生活");
    let text = format!("老街区的新生活，从一条巷子开始\n{BODY}");
    assert_eq!(
        doc("w9-03-news-slug.txt", &text).title,
        "老街区的新生活，从一条巷子开始"
    );
}

/// A bar of short menu items is no headline, and its items (`评论`) say nothing of genre.
#[test]
fn a_menu_bar_is_skipped() {
    let text = format!("首頁 頭條新聞 熱點專題 綜合要聞 評論 文苑 交通 攝影 看鄉村 專版 市場\n老街区的新生活\n{BODY}");
    let d = doc("w9-03-news-slug.txt", &text);
    assert_eq!(d.title, "老街区的新生活");
    assert_ne!(d.genre, "commentary");
}

/// A caption wholly in brackets above the headline is no headline.
#[test]
fn a_bracketed_caption_is_skipped() {
    let text = format!("（相关资料图）\n老街区的新生活\n{BODY}");
    assert_eq!(doc("w9-03-news-slug.txt", &text).title, "老街区的新生活");
}
