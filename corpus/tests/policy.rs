//! Reading policy texts: issuer, number, dates issued and effective, clauses. Table tests:
//! one row per cue or lexicon entry (`data/lexicon/issuer_suffix.txt`,
//! `policy_doc_type.txt`, `policy_effect_verb.txt`, `policy_field.txt`).

mod common;

use common::doc;
use corpus::lexicon;
use corpus::policy_doc::{
    effective, is_org, is_policy_title, issuer_from_title, number_in, parse_date, signature,
};

fn lines(text: &str) -> Vec<String> {
    text.lines().map(str::to_string).collect()
}

#[test]
fn dates_in_arabic_and_chinese_numerals() {
    let rows = [
        ("2023年5月1日", "2023-05-01"),
        ("2023 年 12 月 31 日", "2023-12-31"),
        ("二〇二四年三月一日", "2024-03-01"),
        ("二○二三年十二月三十一日", "2023-12-31"),
        ("二〇二二年十月二十日", "2022-10-20"),
        ("二零二一年一月十五日", "2021-01-15"),
        ("2024-03-01", "2024-03-01"),
        ("2024.3.1", "2024-03-01"),
        ("（2023年6月9日）", "2023-06-09"),
        ("中华民国113年3月1日", "2024-03-01"),
        ("民国112年12月5日", "2023-12-05"),
    ];
    for (text, want) in rows {
        assert_eq!(parse_date(text).as_deref(), Some(want), "{text}");
    }
    assert_eq!(parse_date("2023年13月1日"), None);
    assert_eq!(parse_date("113年3月1日"), None);
}

#[test]
fn document_numbers() {
    let rows = [
        ("沪府规〔2023〕5号", "沪府规〔2023〕5号"),
        ("京政办发[2022]12号", "京政办发[2022]12号"),
        ("粤建城（2023）3号", "粤建城（2023）3号"),
        ("建科〔2023〕 30 号", "建科〔2023〕30号"),
        ("杭政办函【2021】第8号", "杭政办函【2021】第8号"),
        ("苏政办发﹝2023﹞128号", "苏政办发﹝2023﹞128号"),
        ("府都新字第1133001234号", "府都新字第1133001234号"),
        ("2024年3月15日新政办发〔2024〕9号", "新政办发〔2024〕9号"),
    ];
    for (text, want) in rows {
        assert_eq!(number_in(text).as_deref(), Some(want), "{text}");
    }
    assert_eq!(number_in("2023年共改造12号楼"), None);
}

#[test]
fn issuer_in_the_title() {
    let rows = [
        (
            "上海市人民政府办公厅关于印发《上海市城市更新行动方案（2023—2025年）》的通知",
            Some("上海市人民政府办公厅"),
        ),
        (
            "住房和城乡建设部 国家发展改革委 财政部关于扎实推进城市更新工作的通知",
            Some("住房和城乡建设部"),
        ),
        (
            "广州市住房和城乡建设局关于加强城中村改造的实施意见",
            Some("广州市住房和城乡建设局"),
        ),
        ("关于推进城市更新的实施意见", None),
        (
            "住房和城乡建设部等部门关于扎实有序推进城市更新工作的通知",
            Some("住房和城乡建设部"),
        ),
        (
            "国务院办公厅转发国家发展改革委关于推进城市更新意见的通知",
            Some("国务院办公厅"),
        ),
        (
            "杭州市人民政府办公厅印发杭州市老旧小区综合改造提升方案的通知",
            Some("杭州市人民政府办公厅"),
        ),
        ("记者走访：关于老旧小区改造的几点观察", None),
    ];
    for (title, want) in rows {
        assert_eq!(issuer_from_title(title).as_deref(), want, "{title}");
    }
}

#[test]
fn every_org_suffix_ends_a_name() {
    let names = [
        "杭州市人民政府办公厅",
        "成都市人民政府办公室",
        "上海市人民政府",
        "上海市人民代表大会常务委员会",
        "北京市西城区人大常委会",
        "省人大常务委员会",
        "深圳市城市更新和土地整备局党组委员会",
        "浙江省人民政府办公厅",
        "广州市规划和自然资源局办公室",
        "苏州工业园区管理委员会",
        "经开区管委会",
        "市城市更新工作领导小组",
        "市城市更新指挥部",
        "朝阳区劲松街道办事处",
        "东城区和平里街道办事处",
        "湖北省住房和城乡建设厅",
        "武汉市住房和城乡建设局",
        "中华人民共和国住房和城乡建设部",
        "住房城乡建设部",
        "中华人民共和国自然资源部",
        "南京市自然资源局",
        "上海市规划和自然资源局",
        "重庆市发展和改革委员会",
        "国家发展改革委",
        "市发改委",
        "江苏省财政厅",
        "长沙市财政局",
        "中华人民共和国财政部",
        "厦门市民政局",
        "福建省民政厅",
        "北京市建委",
        "北京市住建委",
        "郑州市住建局",
        "河南省住建厅",
        "深圳市规资局",
        "天津市房管局",
        "西安市城管局",
        "山东省住房城乡建设厅",
        "济南市城乡水务局",
        "生态环境部",
        "青岛市建委",
        "最高人民法院",
        "国家统计署",
        "中国城市规划学会",
        "市城市更新中心",
        "某区政府",
        "安庆市公安局交通警察支队",
        "某市城管执法大队",
        "某省公安厅交通管理总队",
        "南京市规划和自然资源局江宁分局",
        "某市城市更新投资发展有限公司",
        "某市城投集团",
        "某区房屋征收事务所",
        "某市历史建筑保护管理处",
        "某区城市更新工作站",
        "某区旧改办",
    ];
    for suffix in lexicon!("issuer_suffix").words() {
        let name = names
            .iter()
            .find(|n| n.ends_with(suffix))
            .unwrap_or_else(|| panic!("no row for org suffix {suffix}"));
        assert!(is_org(name), "{name}");
    }
    assert!(!is_org("各区要加强领导，落实责任部"));
}

#[test]
fn every_document_type_ends_a_title() {
    let rows = [
        "关于做好2024年城市更新工作的通知",
        "上海市人民代表大会常务委员会公告",
        "关于禁止占用消防通道的通告",
        "关于推进城市更新的意见",
        "关于推进城市更新的实施意见",
        "关于全面推进城镇老旧小区改造工作的指导意见",
        "上海市城市更新管理办法",
        "上海市城市更新管理办法（试行）",
        "广州市城市更新暂行办法",
        "深圳市城市更新条例实施办法",
        "北京市物业管理若干规定",
        "关于修改部分地方性法规的决定",
        "杭州市老旧小区综合改造提升方案",
        "成都市城市更新实施方案（2023—2025年）",
        "宁波市完整社区建设工作方案",
        "城市更新实施方案",
        "城市更新行动方案",
        "城市更新三年行动计划",
        "2024年老旧小区改造计划",
        "上海市城市更新条例",
        "城市更新单元规划编制实施细则",
        "深圳市城市更新实施细则",
        "关于同意某片区改造的批复",
        "城市更新专项规划",
        "支持城市更新的若干措施",
        "推动城市更新的若干措施",
        "城市更新项目实施指引",
        "历史文化街区保护更新导则",
        "居民议事规则",
        "城市更新发展纲要",
        "2024年城市更新工作要点",
        "关于某片区更新规划方案的公示",
        "关于2023年城市更新工作考核结果的通报",
        "关于某项目用地的复函",
        "关于同意某街区更新的函",
        "关于城市更新若干问题的决议",
        "共建美好家园倡议书",
        "某社区居民公约",
        "某小区业主大会议事章程",
        "城市更新项目负面清单",
    ];
    for kind in lexicon!("policy_doc_type").words() {
        let title = rows
            .iter()
            .find(|t| t.trim_end_matches("（试行）").ends_with(kind))
            .unwrap_or_else(|| panic!("no row for document type {kind}"));
        assert!(is_policy_title(title), "{title}");
    }
    assert!(!is_policy_title("老旧小区改造的几点观察"));
}

#[test]
fn every_effect_verb_gives_a_date() {
    let rows = [
        ("本办法自2024年3月1日起施行。", "2024-03-01"),
        ("本方案自2023年7月1日起实施，有效期五年。", "2023-07-01"),
        ("本通知自二〇二四年一月一日起执行。", "2024-01-01"),
        ("本规定自2022年10月8日起生效。", "2022-10-08"),
        ("本细则自2021年5月20日起试行。", "2021-05-20"),
    ];
    for verb in lexicon!("policy_effect_verb").words() {
        let (text, want) = rows
            .iter()
            .find(|(t, _)| t.contains(verb))
            .unwrap_or_else(|| panic!("no row for verb {verb}"));
        assert_eq!(
            effective(&lines(text), None).as_deref(),
            Some(*want),
            "{text}"
        );
    }
    let on_issue = lines("本意见自印发之日起施行。");
    assert_eq!(
        effective(&on_issue, Some("2023-04-02")).as_deref(),
        Some("2023-04-02")
    );
    assert_eq!(effective(&lines("2024年3月1日，项目开工。"), None), None);
    assert_eq!(
        effective(&lines("该项目于2024年3月1日实施改造。"), None),
        None
    );
    // Taiwan: `自发布日施行` (no 之, no 起).
    assert_eq!(
        effective(&lines("本办法自发布日施行。"), Some("2024-03-01")).as_deref(),
        Some("2024-03-01")
    );
}

#[test]
fn every_info_box_field_is_read() {
    let rows = [
        (
            "发文机关",
            "发文机关：上海市住房和城乡建设管理委员会",
            "issuer",
        ),
        ("发布机构", "发布机构：杭州市人民政府办公厅", "issuer"),
        ("发文单位", "发文单位：成都市住房和城乡建设局", "issuer"),
        ("制发机关", "制发机关：广州市人民政府", "issuer"),
        ("发布单位", "发布单位：南京市人民政府", "issuer"),
        ("发布机关", "发布机关：杭州市人民政府办公厅", "issuer"),
        ("发文字号", "发文字号：沪建规范〔2023〕2号", "number"),
        ("文号", "文号：杭政办函〔2022〕15号", "number"),
        ("公告编号", "公告编号：杭规划资源公告〔2024〕3号", "number"),
        ("文件编号", "文件编号：杭建发〔2024〕8号", "number"),
        ("发文号", "发文号：杭建函〔2024〕9号", "number"),
        ("成文日期", "成文日期：2023-05-10", "issued"),
        ("发文日期", "发文日期：2023年5月10日", "issued"),
        ("印发日期", "印发日期：2023年5月10日", "issued"),
        ("施行日期", "施行日期：2023年6月1日", "effective"),
        ("生效日期", "生效日期：2023年6月1日", "effective"),
        ("实施日期", "实施日期：2023年6月1日", "effective"),
        (
            "管制时间",
            "管制时间：2023年6月1日0时至12月31日24时",
            "effective",
        ),
        ("施行时间", "施行时间：2023年6月1日", "effective"),
        ("实施时间", "实施时间：2023年6月1日", "effective"),
        ("制定机关", "制定机关：某市人民代表大会常务委员会", "issuer"),
        ("发布部门", "发布部门：某市住房和城乡建设局", "issuer"),
        ("公布日期", "公布日期：2020-04-13", "issued"),
    ];
    for (label, fields) in &lexicon!("policy_field").entries {
        let (_, line, field) = rows
            .iter()
            .find(|(l, _, _)| l == label)
            .unwrap_or_else(|| panic!("no row for field {label}"));
        assert_eq!(&fields[0], field);
        let text = format!(
            "关于推进城市更新的实施意见\n{line}\n一、总体要求\n第一条 为推进城市更新，制定本意见。\n第二条 各区落实。\n第三条 本意见自2023年6月1日起施行。\n"
        );
        let d = doc("box.txt", &text);
        let p = d.policy.unwrap_or_else(|| panic!("no policy: {text}"));
        let value = line.split_once('：').unwrap().1;
        let got = match *field {
            "issuer" => p.issuer.clone(),
            "number" => p.number.clone(),
            "issued" => p.date.clone(),
            _ => p.effective.clone(),
        };
        let want = match *field {
            "issued" | "effective" => parse_date(value),
            _ => Some(value.to_string()),
        };
        assert_eq!(got, want, "{line}");
    }
}

/// (text, effective, issued, issuer) of fields read outside a plain `label：value` line.
const FIELD_FORMS: [(&str, &str, Option<&str>, &str); 2] = [
    // A field heading takes its value from the next line.
    (
        "银川市某区人民政府\n关于某片区改造施工期间实施交通管制的通告\n某政通〔2024〕3号\n一、管制时间\n2024年4月15日0时至2024年9月30日24时。\n二、管制范围\n某路全封闭。\n特此通告。\n银川市某区人民政府\n2024年4月8日\n",
        "2024-04-15",
        Some("2024-04-08"),
        "银川市某区人民政府",
    ),
    // An info box in a page's bulleted list; fields keep the text's own script.
    (
        "聽全文\n基本信息\n  • 文  號: 某府辦規[2020]6號\n  • 實施日期: 2020年06月05日\n  • 發布機關: 某區人民政府辦公室\n某區人民政府辦公室關于印發某區加快推進舊村全面改造工作的實施意見的通知\n各鎮政府、街道辦事處：\n現將實施意見印發給你們，請認真貫徹執行。\n",
        "2020-06-05",
        None,
        "某區人民政府辦公室",
    ),
];

#[test]
fn fields_read_from_headings_and_bulleted_boxes() {
    for (text, effective, issued, issuer) in FIELD_FORMS {
        let p = doc("notice.txt", text).policy.unwrap();
        assert_eq!(p.effective.as_deref(), Some(effective), "{text}");
        if issued.is_some() {
            assert_eq!(p.date.as_deref(), issued, "{text}");
        }
        assert_eq!(p.issuer.as_deref(), Some(issuer), "{text}");
    }
}

#[test]
fn a_rule_is_issued_on_its_publication_date_not_its_passing() {
    for verb in lexicon!("policy_issue_verb").words() {
        let text = format!("某市城市更新办法\n（2024年10月29日某市人民政府第52次常务会议通过　2024年11月12日某市人民政府令第219号{verb}　自2025年1月1日起施行）\n第一条　为了推进城市更新，制定本办法。\n");
        let p = doc("rule.txt", &text).policy.unwrap();
        assert_eq!(p.date.as_deref(), Some("2024-11-12"), "{verb}");
        assert_eq!(p.effective.as_deref(), Some("2025-01-01"), "{verb}");
    }
}

#[test]
fn the_number_on_its_own_line_beats_a_cited_one() {
    let text = "某省住房和城乡建设厅关于转发《关于推进城市更新的通知》（建城〔2023〕5号）的通知\n某建城〔2023〕12号\n各市住房城乡建设局：\n现将文件转发给你们，请认真贯彻执行。\n某省住房和城乡建设厅\n2023年3月1日\n";
    let p = doc("fw.txt", text).policy.unwrap();
    assert_eq!(p.number.as_deref(), Some("某建城〔2023〕12号"));
    assert_eq!(p.issuer.as_deref(), Some("某省住房和城乡建设厅"));
}

/// A number cited after a title (`《…》（粤建节函〔2022〕48号）`) is the cited document's; a
/// plan that carries no number of its own has none.
#[test]
fn a_cited_number_is_not_the_documents() {
    let text = "某县老旧小区改造实施方案\n根据《某省关于推进城市更新的通知》（某建函〔2022〕48号）的部署，制定本方案。\n一、工作目标\n各镇应当做好改造工作。\n";
    let p = doc("fw.txt", text).policy.unwrap();
    assert_eq!(p.number, None);
    let text = "某县老旧小区改造实施方案\n本方案（某县政〔2023〕7号）自印发之日起施行。\n一、工作目标\n各镇应当做好改造工作。\n";
    let p = doc("fw.txt", text).policy.unwrap();
    assert_eq!(p.number.as_deref(), Some("某县政〔2023〕7号"));
}

#[test]
fn an_issuer_line_above_the_title() {
    let rows = [
        (
            "乌鲁木齐市住房和城乡建设局\n乌鲁木齐市既有住宅加装电梯实施办法\n第一条 为规范加装电梯，制定本办法。\n第二条 本市适用。\n第三条 本办法自2024年5月1日起施行。\n",
            "乌鲁木齐市住房和城乡建设局",
            "乌鲁木齐市住房和城乡建设局乌鲁木齐市既有住宅加装电梯实施办法",
        ),
        (
            "某市人民政府文件\n某府发〔2023〕5号\n关于推进城市更新的实施意见\n各区人民政府：\n现提出如下意见。\n",
            "某市人民政府",
            "关于推进城市更新的实施意见",
        ),
    ];
    for (text, issuer, title) in rows {
        let d = doc("w9-05-policy-slug.txt", text);
        assert_eq!(d.title, title);
        assert_eq!(d.policy.unwrap().issuer.as_deref(), Some(issuer), "{text}");
    }
}

/// An issuer under the title: alone on its line, as a decree heading, in a second title line,
/// or as the government whose executive meeting passed a rule.
#[test]
fn an_issuer_under_the_title() {
    let rows = [
        (
            "关于印发城镇老旧小区改造实施方案的通知\n某区人民政府\n各街道办事处：\n现将方案印发给你们。\n2024年3月1日\n",
            "某区人民政府",
        ),
        (
            "某市城市更新实施办法\n某市人民政府令第12号\n《某市城市更新实施办法》已经市人民政府常务会议通过，现予公布。\n",
            "某市人民政府",
        ),
        (
            "某市老旧小区改造工作方案\n某市人民政府办公室关于印发某市老旧小区改造工作方案的通知\n某政办发〔2024〕11号\n各县区人民政府：\n现将方案印发给你们。\n",
            "某市人民政府办公室",
        ),
        (
            "某市城市更新管理办法\n（2023年11月20日某市人民政府第15次常务会议审议通过　自2024年1月1日起施行）\n第一条　为了规范城市更新活动，制定本办法。\n",
            "某市人民政府",
        ),
        // A report on a policy issued jointly names its issuers in order: the first.
        (
            "近日，中共某省委、某省人民政府印发了《关于推动城市高质量发展的实施方案》，要求各地认真贯彻落实。\n关于推动城市高质量发展的实施方案\n一、总体要求\n",
            "中共某省委",
        ),
    ];
    for (text, issuer) in rows {
        let d = doc("w9-05-policy-slug.txt", text);
        assert_eq!(d.policy.unwrap().issuer.as_deref(), Some(issuer), "{text}");
    }
}

#[test]
fn signature_blocks() {
    let rows = [
        (
            "……特此通知。\n上海市住房和城乡建设管理委员会\n2023年5月10日\n",
            ("上海市住房和城乡建设管理委员会", "2023-05-10"),
        ),
        (
            "请认真贯彻执行。\n杭州市人民政府办公厅\n二〇二三年十二月二十日\n（此件公开发布）\n",
            ("杭州市人民政府办公厅", "2023-12-20"),
        ),
        (
            "……\n成都市住房和城乡建设局\n成都市财政局\n2022年3月1日\n",
            ("成都市住房和城乡建设局", "2022-03-01"),
        ),
        (
            "……\n广州市人民政府（印）\n（2021年8月2日）\n",
            ("广州市人民政府", "2021-08-02"),
        ),
        (
            "……\n南京市人民政府 2024年1月5日\n",
            ("南京市人民政府", "2024-01-05"),
        ),
        (
            "……\n苏州市住房和城乡建设局\n（盖章）\n2024年2月5日\n",
            ("苏州市住房和城乡建设局", "2024-02-05"),
        ),
        (
            "呼和浩特市新城区背街小巷整治实施方案\n新城区人民政府办公室2024年3月15日新政办发〔2024〕9号\n",
            ("新城区人民政府办公室", "2024-03-15"),
        ),
    ];
    for (text, (issuer, date)) in rows {
        let got = signature(&lines(text));
        assert_eq!(got, Some((issuer.to_string(), date.to_string())), "{text}");
    }
    assert_eq!(signature(&lines("记者 王明\n2023年5月10日\n")), None);
}

const NOTICE: &str = "上海市人民政府办公厅关于印发《上海市城市更新行动方案（2023—2025年）》的通知
沪府办发〔2023〕12号
各区人民政府，市政府各委、办、局：
《上海市城市更新行动方案（2023—2025年）》已经市政府同意，现印发给你们，请认真按照执行。
一、总体要求
坚持人民城市理念，推进城市更新。
二、主要任务
（一）推进旧区改造。完成零星旧改。
（二）推进老旧小区改造。
1. 加装电梯。
2. 完善设施，投资3.5亿元。
三、保障措施
本方案自2023年7月1日起施行，有效期至2025年12月31日。
上海市人民政府办公厅
2023年6月9日
（此件公开发布）
";

#[test]
fn a_notice_is_read_whole() {
    let d = doc("notice.txt", NOTICE);
    assert_eq!(d.genre, "policy");
    assert_eq!(
        d.title,
        "上海市人民政府办公厅关于印发《上海市城市更新行动方案（2023—2025年）》的通知"
    );
    let p = d.policy.unwrap();
    assert_eq!(p.issuer.as_deref(), Some("上海市人民政府办公厅"));
    assert_eq!(p.number.as_deref(), Some("沪府办发〔2023〕12号"));
    assert_eq!(p.date.as_deref(), Some("2023-06-09"));
    assert_eq!(p.effective.as_deref(), Some("2023-07-01"));
    let labels: Vec<&str> = p.clauses.iter().map(|c| c.label.as_str()).collect();
    assert_eq!(
        labels,
        ["一", "二", "（一）", "（二）", "1", "2", "三"],
        "{:?}",
        p.clauses
    );
    assert_eq!(p.clauses[5].text, "2.完善设施，投资3.5亿元。");
    // The signature block is no part of the last clause.
    assert!(p.clauses[6].text.ends_with("有效期至2025年12月31日。"));
}

const REGULATION: &str = "杭州市城市更新条例
（2023年10月27日杭州市第十四届人民代表大会常务委员会第十四次会议通过　2023年11月30日浙江省第十四届人民代表大会常务委员会第六次会议批准）
杭州市人民代表大会常务委员会公告
第18号
第一章　总则
第一条　为了规范城市更新活动，制定本条例。
第二条　本市行政区域内的城市更新活动，适用本条例。
第二章　规划与实施
第三条　城市更新应当尊重居民意愿。
居民可以通过议事会表达意见。
第四条　本条例自二〇二四年三月一日起施行。
";

#[test]
fn a_regulation_has_chapters_and_articles() {
    let d = doc("reg.txt", REGULATION);
    assert_eq!(d.genre, "policy");
    assert_eq!(d.title, "杭州市城市更新条例");
    let p = d.policy.unwrap();
    assert_eq!(p.issuer.as_deref(), Some("杭州市人民代表大会常务委员会"));
    assert_eq!(p.number.as_deref(), Some("第18号"));
    assert_eq!(p.effective.as_deref(), Some("2024-03-01"));
    let labels: Vec<&str> = p.clauses.iter().map(|c| c.label.as_str()).collect();
    assert_eq!(
        labels,
        ["第一章", "第一条", "第二条", "第二章", "第三条", "第四条"]
    );
    // An article runs on to the lines below it, with their line numbers.
    assert!(p.clauses[4].text.ends_with("居民可以通过议事会表达意见。"));
    assert_eq!(p.clauses[4].lines, (9, 10));
}

/// A policy reprinted under a page's own headline keeps its heading over its number: the
/// issuer its title names, the title broken over two lines (`policy_doc::issuer_above_number`).
#[test]
fn the_heading_over_the_number_names_the_issuer() {
    let text = "某省印发老旧小区改造实施意见\n近日，《某省人民政府办公厅关于全面推进城镇老旧小区改造工作的实施意见》印发。来看全文。\n某省人民政府办公厅关于\n全面推进城镇老旧小区改造工作的实施意见\n某政办发〔2021〕56号\n各市州人民政府：\n一、总体要求\n（一）工作目标。到2025年基本完成改造任务。\n";
    let d = doc("news.txt", text);
    let p = d.policy.expect("a policy");
    assert_eq!(p.issuer.as_deref(), Some("某省人民政府办公厅"));
}
