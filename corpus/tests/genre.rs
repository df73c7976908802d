//! Genre cues (`data/lexicon/genre_*.txt`), one row per cue: a line of the form the cue
//! stands for, placed where the cue must stand (title, first lines, last lines), makes a
//! minimal text of that genre. Adding a cue is one lexicon line plus one row here.

use corpus::genre::{self, Cue, Input};
use corpus::meta;

/// (genre, cue, where, line or whole text)
const ROWS: &[(&str, &str, &str, &str)] = &[
    // news
    ("news", "记者", "head", "本报记者 王明 通讯员 李华"),
    ("news", "通讯员", "head", "通讯员 李华 摄"),
    ("news", "本报讯", "head", "本报讯 昨日，老街改造完工。"),
    ("news", "本报记者", "head", "本报记者 王明"),
    ("news", "来源：", "start", "来源：新民晚报 2024-05-16"),
    ("news", "来源:", "start", "来源: 南宁日报"),
    ("news", "责任编辑", "any", "（责任编辑 张丽）"),
    ("news", "编辑：", "tail", "编辑：张丽"),
    ("news", "日电", "head", "新华社杭州3月5日电 老街换新颜。"),
    ("news", "日讯", "head", "本网5月6日讯 社区开放。"),
    ("news", "日消息", "head", "央广网重庆9月26日消息 9月17日，老街游人如织。"),
    ("news", "国内统一刊号", "head", "某某日报社 出版 国内统一刊号:CN52-0013"),
    ("news", "新华社", "head", "据新华社报道"),
    ("news", "中新网", "head", "中新网成都6月1日消息"),
    ("news", "澎湃新闻", "head", "澎湃新闻 首席记者"),
    ("news", "客户端", "head", "来自某某日报客户端"),
    ("news", "发布时间：", "start", "发布时间：2024-03-01 09:30"),
    ("news", "@timestamp", "head", "人民日报· 2025-11-21 22:26"),
    ("news", "记者", "name", "标题_本报记者__王明.txt"),
    ("news", "近日", "head", "近日，老街改造完工。"),
    ("news", "日前", "head", "日前，老街改造完工。"),
    ("news", "据了解", "any", "据了解，改造将于年底完工。"),
    ("news", "据悉", "any", "据悉，改造将于年底完工。"),
    ("news", "据介绍", "any", "据介绍，改造将于年底完工。"),
    ("news", "获悉", "any", "从区住建局获悉，改造将于年底完工。"),
    // policy
    ("policy", "@article", "any", "某市城市更新办法\n第一条 为规范城市更新，制定本办法。\n第二条 本市适用。\n第三条 市住建部门负责。"),
    ("policy", "@chapter", "any", "某市城市更新规定\n第一章 总则\n规范更新。\n第二章 实施\n分步推进。"),
    ("policy", "@docno", "any", "沪府办发〔2023〕12号"),
    ("policy", "@signature", "tail", "某市人民政府\n2024年1月5日"),
    ("policy", "@issuer_title", "title", "某市人民政府关于推进城市更新的实施意见"),
    ("policy", "@policy_title", "title", "某市城市更新实施办法"),
    ("policy", "现印发给你们", "any", "现印发给你们，请遵照执行。"),
    ("policy", "现将", "head", "现将有关事项说明如下。"),
    ("policy", "请认真贯彻执行", "any", "请认真贯彻执行。"),
    ("policy", "请结合实际", "any", "请结合实际抓好落实。"),
    ("policy", "认真贯彻落实", "any", "各区要认真贯彻落实。"),
    ("policy", "特此通知", "any", "特此通知。"),
    ("policy", "特此公告", "any", "特此公告。"),
    ("policy", "特此通告", "any", "特此通告。"),
    ("policy", "起施行", "any", "本规定自2024年3月1日起施行。"),
    ("policy", "起实施", "any", "自2024年3月1日起实施。"),
    ("policy", "之日起", "any", "自发布之日起执行。"),
    ("policy", "本办法", "any", "本办法由市住建局负责解释。"),
    ("policy", "本条例", "any", "本条例所称城市更新，是指存量更新。"),
    ("policy", "本规定", "any", "本规定适用于全市。"),
    ("policy", "本方案", "any", "本方案适用于中心城区。"),
    ("policy", "本细则", "any", "本细则由市住建局解释。"),
    ("policy", "本意见", "any", "本意见适用于全省。"),
    ("policy", "人民政府办公厅", "head", "某省人民政府办公厅"),
    ("policy", "人民政府办公室", "head", "某市人民政府办公室"),
    ("policy", "各区人民政府", "head", "各区人民政府，市政府各部门："),
    ("policy", "各县（市、区）人民政府", "head", "各县（市、区）人民政府："),
    ("policy", "各区县人民政府", "head", "各区县人民政府："),
    ("policy", "市政府各委、办、局", "head", "市政府各委、办、局："),
    ("policy", "各有关单位", "head", "各有关单位："),
    ("policy", "各有关部门", "head", "各有关部门："),
    ("policy", "（此件公开发布）", "tail", "（此件公开发布）"),
    ("policy", "（此件主动公开）", "tail", "（此件主动公开）"),
    ("policy", "此件公开发布", "tail", "此件公开发布"),
    ("policy", "公开方式", "tail", "公开方式：主动公开"),
    ("policy", "抄送：", "tail", "抄送：市委办公厅，市人大常委会办公厅。"),
    ("policy", "索引号", "head", "索引号：000014349/2023-00012"),
    ("policy", "发文字号", "head", "发文字号：沪府规〔2023〕5号"),
    ("policy", "成文日期", "head", "成文日期：2023-05-10"),
    // case_list
    ("case_list", "@project_list", "any", "1. 北京市朝阳区劲松北社区改造\n2. 上海市黄浦区承兴里保护性更新\n3. 广州市越秀区诗书街片区微改造"),
    ("case_list", "典型案例", "title", "城市更新典型案例"),
    ("case_list", "案例名单", "title", "完整社区建设案例名单"),
    ("case_list", "名单", "title", "城市更新试点项目名单"),
    ("case_list", "汇编", "title", "老旧小区改造经验汇编"),
    ("case_list", "案例集", "title", "城市更新案例集"),
    ("case_list", "优秀案例", "title", "老旧小区改造优秀案例"),
    ("case_list", "示范案例", "title", "社区营造示范案例"),
    ("case_list", "可复制经验", "title", "城市更新可复制经验"),
    ("case_list", "试点名单", "title", "完整社区建设试点名单"),
    ("case_list", "第一批", "title", "第一批城市更新试点"),
    ("case_list", "第二批", "title", "第二批城市更新试点"),
    ("case_list", "第三批", "title", "第三批城市更新试点"),
    ("case_list", "附件：", "any", "附件：各地做法"),
    ("case_list", "附件", "start", "附件 各地做法"),
    ("case_list", "典型做法", "title", "完整社区建设试点典型做法"),
    ("case_list", "经验做法", "title", "老旧小区改造经验做法"),
    // writeup
    ("writeup", "项目概况", "start", "项目概况：原为纺织厂厂区。"),
    ("writeup", "项目地点", "start", "项目地点：天津市河东区"),
    ("writeup", "项目位置", "start", "项目位置：杭州市拱墅区"),
    ("writeup", "项目区位", "start", "项目区位：位于老城核心区"),
    ("writeup", "设计单位", "start", "设计单位：某建筑设计研究院"),
    ("writeup", "建设单位", "start", "建设单位：某城投公司"),
    ("writeup", "业主单位", "start", "业主单位：某区住建局"),
    ("writeup", "委托方", "start", "委托方：某街道办事处"),
    ("writeup", "建成时间", "start", "建成时间：2021年9月"),
    ("writeup", "竣工时间", "start", "竣工时间：2022年6月"),
    ("writeup", "设计时间", "start", "设计时间：2019年"),
    ("writeup", "项目规模", "start", "项目规模：用地约3公顷"),
    ("writeup", "用地面积", "start", "用地面积：约19.8公顷"),
    ("writeup", "占地面积", "start", "占地面积约2万平方米"),
    ("writeup", "建筑面积", "start", "建筑面积：4.2万平方米"),
    ("writeup", "获奖情况", "start", "获奖情况：省优秀城乡规划设计一等奖"),
    ("writeup", "项目类型", "start", "项目类型：老旧小区改造"),
    ("writeup", "设计团队", "start", "设计团队：张明、李华"),
    ("writeup", "主创设计师", "start", "主创设计师：王芳"),
    ("writeup", "设计理念", "start", "设计理念：留改拆并举"),
    ("writeup", "项目背景", "start", "项目背景"),
    ("writeup", "改造策略", "start", "改造策略"),
    ("writeup", "项目名称", "start", "项目名称：棉三创意街区"),
    ("writeup", "参评类别", "start", "参评类别：城市公共空间更新"),
    ("writeup", "参评作品", "title", "参评作品：油库变公园"),
    ("writeup", "案例分享", "title", "案例分享｜旧宿舍变青创聚落"),
    ("writeup", "项目", "title_label", "项目｜滨河湿地公园生态修复"),
    ("writeup", "案例", "title_label", "某集团城市更新案例｜老厂房变文创街区"),
    ("writeup", "作品", "title_label", "参赛作品｜旧仓库里的社区客厅"),
    ("writeup", "项目档案", "head", "[项目档案]"),
    ("writeup", "原有功能", "start", "原有功能：棉纺织工业厂区"),
    ("writeup", "基地位置", "start", "基地位置：台中市西区"),
    ("writeup", "基地面积", "start", "基地面积：约1.5公顷"),
    ("writeup", "主办单位", "start", "主办单位：市政府都市发展局"),
    ("writeup", "营运单位", "start", "营运单位：民间团队"),
    ("writeup", "运营单位", "start", "运营单位：某文旅公司"),
    ("writeup", "案例类型", "start", "案例类型：闲置宿舍活化"),
    ("writeup", "建设周期", "start", "建设周期：2022年6月—2023年4月"),
    ("writeup", "服务规模", "start", "服务规模：居民约4100户"),
    ("writeup", "客户案例", "title", "客户案例｜某街道的社区数字平台"),
    ("writeup", "项目展示", "head", "首页 > 项目展示 > 城市更新"),
    ("writeup", "案例专页", "head", "案例专页｜工业遗产再利用"),
    ("writeup", "申报项目", "start", "申报项目：某新村完整社区建设"),
    ("writeup", "申报单位", "start", "申报单位：某街道办事处"),
    ("writeup", "申报材料", "title", "2024年度城乡社区建设优秀实践申报材料"),
    ("writeup", "项目所在地", "start", "项目所在地：某市某区"),
    ("writeup", "纪实", "title", "让数据多跑路：某市政务数据共享平台建设纪实"),
    // commentary
    ("commentary", "问：", "lines", "问：改造从哪里入手？\n答：先听居民的。\n问：钱从哪里来？"),
    ("commentary", "答：", "lines", "答：先听居民的。\n答：多方共担。"),
    ("commentary", "记者：", "lines", "记者：改造从哪里入手？\n记者：下一步呢？"),
    ("commentary", "主持人：", "lines", "主持人：请谈谈经验。\n主持人：还有难点吗？"),
    ("commentary", "访谈", "title", "社区规划师访谈录"),
    ("commentary", "专访", "title", "专访｜社区规划师林怡君"),
    ("commentary", "对话", "title", "对话老城改造亲历者"),
    ("commentary", "评论", "title", "评论｜老旧小区改造，居民该不该掏钱"),
    ("commentary", "时评", "title", "时评：更新不是推倒重来"),
    ("commentary", "观点", "title", "观点：城市更新要算长远账"),
    ("commentary", "笔谈", "title", "城市更新笔谈"),
    ("commentary", "述评", "title", "城市更新年度述评"),
    ("commentary", "谈", "title", "谈老城保护的分寸"),
    ("commentary", "如何看待", "any", "如何看待居民出资？"),
    ("commentary", "笔者", "any", "笔者走访了几个社区。"),
    ("commentary", "我认为", "any", "我认为改造要先问需求。"),
    ("commentary", "评论", "head", "来源：新京报评论"),
    ("commentary", "作者：", "start", "作者：宋一帆（城市治理研究者）"),
    ("commentary", "□", "start", "□ 周明远"),
    ("commentary", "编者按", "head", "编者按：责任规划师制度推行五年。"),
    ("commentary", "——访", "start", "——访社区规划师林晓"),
    ("commentary", "——对话", "start", "——对话老城保护亲历者"),
    ("commentary", "“", "title_start", "“老城不是布景，是有人住的家”"),
    // paper
    ("paper", "@abstract", "head", "摘要：以某市老旧小区为例，分析居民参与的机制。"),
    ("paper", "@keywords", "head", "关键词：城市更新；居民参与；共同缔造"),
    ("paper", "@doi", "head", "DOI：10.13791/j.cnki.hsfwest.20240301"),
    ("paper", "@affiliation", "head", "（福建农林大学 公共管理学院，福建 福州 350002）"),
    ("paper", "@references", "any", "[1] 张明. 城市更新研究[J]. 城市规划, 2020, 44(3): 1-9.\n[2] 李华. 社区治理[M]. 北京: 人民出版社, 2019.\n[3] 王芳. 微更新[J]. 规划师, 2021(5): 12-18."),
    ("paper", "中图分类号", "head", "中图分类号：TU984"),
    ("paper", "文献标识码", "head", "文献标识码：A"),
    ("paper", "文献标志码", "head", "文献标志码：A"),
    ("paper", "文章编号", "head", "文章编号：1006-3862（2024）05-0047-08"),
    ("paper", "基金项目", "any", "基金项目：国家社会科学基金项目（21BSH001）"),
    ("paper", "作者简介", "any", "作者简介：张明，副教授。"),
    ("paper", "收稿日期", "any", "收稿日期：2024-01-05"),
    ("paper", "参考文献", "any", "参考文献"),
    ("paper", "研究方法", "any", "研究方法与数据来源"),
    ("paper", "本文", "any", "本文以两个社区为例。"),
    ("paper", "引言", "start", "引言"),
];

const TITLE: &str = "某市老街区更新的经过";
const BODY: &str = "这里记下一段经过。";

/// A minimal text with `line` where a cue of kind `place` must stand.
fn text_for(place: &str, line: &str) -> String {
    match place {
        "title" | "title_start" | "title_label" => format!("{line}\n{BODY}"),
        "tail" => format!("{TITLE}\n{BODY}\n{line}"),
        _ if line.contains('\n') && line.lines().count() > 2 => line.to_string(),
        _ => format!("{TITLE}\n{line}\n{BODY}"),
    }
}

fn row_for(c: &Cue) -> &'static (&'static str, &'static str, &'static str, &'static str) {
    ROWS.iter()
        .find(|r| r.0 == c.genre && r.1 == c.cue && r.2 == c.place)
        .unwrap_or_else(|| panic!("no row for cue {} {} {}", c.genre, c.cue, c.place))
}

#[test]
fn every_cue_has_a_row_and_decides_its_text() {
    let mut wrong = Vec::new();
    for c in genre::cues() {
        let row = row_for(c);
        // A `name` cue's row is the file name; the text is plain.
        let (name, text) = match row.2 {
            "name" => (row.3, text_for("any", BODY)),
            _ => ("row.txt", text_for(row.2, row.3)),
        };
        let lines: Vec<String> = text.lines().map(str::to_string).collect();
        let m = meta::extract(name, &lines, &lines);
        let title = lines[0].clone();
        let input = Input {
            source_name: name,
            title: &title,
            lines: &lines,
            has_abstract: m.abstract_text.is_some(),
            keywords: m.keywords.len(),
            has_doi: m.doi.is_some(),
        };
        // A supporting cue of a genre with required cues does not decide a text alone.
        let supporting = !c.required
            && genre::cues()
                .iter()
                .any(|r| r.genre == c.genre && r.required);
        if !genre::matches(c, &input) || (m.genre != c.genre) != supporting {
            wrong.push(format!(
                "{} {}: {} {:?} in {text:?}",
                c.genre, c.cue, m.genre, m.genre_scores
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn every_row_is_a_cue() {
    for r in ROWS {
        let known = genre::cues()
            .iter()
            .any(|c| c.genre == r.0 && c.cue == r.1 && c.place == r.2);
        assert!(known, "row {r:?} has no cue in the lexicon");
    }
}

#[test]
fn a_file_name_with_a_reporter_is_news() {
    let lines = vec!["城市更新行动进入加速期".to_string(), BODY.to_string()];
    let m = meta::extract("标题_本报记者__王明.txt", &lines, &lines);
    assert_eq!(m.genre, "news");
}

/// A text with no cue at all is read by the fitted bigram model (`genre::model`), which
/// never calls it a paper: a paper shows its apparatus, and that is a cue.
#[test]
fn a_text_without_cues_is_read_by_its_words() {
    let rows = [
        (
            "news",
            "老街巷子里的新变化\n上周，住在巷子深处的张奶奶终于等来了新修的路。听说这条巷子\
             今年完成了路面和管线改造。社区负责人介绍，下一步将继续推进周边小区的整治。",
        ),
        (
            "policy",
            "关于老旧小区改造的工作要求\n为推进老旧小区改造，各区应当建立工作机制，\
             明确主管部门职责，依法组织实施，保障措施落实到位。",
        ),
    ];
    for (want, text) in rows {
        let lines: Vec<String> = text.lines().map(str::to_string).collect();
        let m = meta::extract("row.txt", &lines, &lines);
        assert!(
            m.genre_scores.iter().all(|&s| s == 0),
            "{text}: a cue matched"
        );
        assert_eq!(m.genre, want, "{text}");
    }
    let lines = vec!["本研究的理论框架与研究方法：以文献分析和案例比较为主。".to_string()];
    assert_ne!(genre::model::guess(&lines, &["paper"]), Some("paper"));
}

/// A paper shows its apparatus: `引言` and `本文` without abstract, keywords or references
/// (a web write-up) make no paper; with keywords they do.
#[test]
fn a_paper_needs_its_apparatus() {
    let body =
        "引言\n本文以某小区为例，介绍老旧小区改造的经过。\n一、改造背景\n小区建于上世纪九十年代。";
    let lines: Vec<String> = body.lines().map(str::to_string).collect();
    assert_ne!(meta::extract("row.txt", &lines, &lines).genre, "paper");
    let lines: Vec<String> = format!("关键词：老旧小区；城市更新\n{body}")
        .lines()
        .map(str::to_string)
        .collect();
    assert_eq!(meta::extract("row.txt", &lines, &lines).genre, "paper");
}

/// A news page's summary (`摘要：` and a lead) is no paper's apparatus by itself; a paper's
/// keywords copied without their separators (one run after the label) still are.
#[test]
fn an_abstract_alone_makes_no_paper() {
    let genre = |text: &str| {
        let lines: Vec<String> = text.lines().map(str::to_string).collect();
        meta::extract("row.txt", &lines, &lines).genre
    };
    let news = "某市老旧小区改造 改出居民新生活\n摘要：自去年起，某市对全市三百多个老旧小区进行改造提升。\n看着身边环境的变化，居民们喜上眉梢。";
    assert_ne!(genre(news), "paper");
    let paper = "历史街区的保护与更新\n——以某市书店街为例\n摘要：\n历史街区是名城的重要组成部分。\n关键词：\n历史街区书店街保护更新\n一、街区概况";
    assert_eq!(genre(paper), "paper");
}
