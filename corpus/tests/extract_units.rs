//! Behaviour of the extraction pieces on small inputs: the thesaurus as SKOS, hierarchy
//! similarity, label matching, places, policies, paths, cases and free text.

mod common;

use common::doc;
use corpus::extract::{self, Knowledge, Thesaurus};
use once_cell::sync::Lazy;
use std::collections::{BTreeMap, HashMap};

static KB: Lazy<Knowledge> = Lazy::new(|| Knowledge::bundled().expect("bundled knowledge"));

const SKOS: &str = "http://www.w3.org/2004/02/skos/core#";

#[test]
fn thesaurus_is_valid_skos() {
    let ttl = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/data/thesaurus.ttl"))
        .unwrap();
    // Parse with the Turtle parser directly (the format oxigraph loads) and count labels.
    let mut zh_pref: HashMap<String, usize> = HashMap::new();
    let mut concepts: Vec<String> = Vec::new();
    let mut triples = 0;
    for t in oxttl::TurtleParser::new().for_slice(&ttl) {
        let t = t.expect("valid Turtle");
        triples += 1;
        let s = t.subject.to_string();
        if t.predicate.as_str().ends_with("#type")
            && t.object.to_string() == format!("<{SKOS}Concept>")
        {
            concepts.push(s.clone());
        }
        if t.predicate.as_str() == format!("{SKOS}prefLabel")
            && t.object.to_string().ends_with("@zh")
        {
            *zh_pref.entry(s).or_default() += 1;
        }
    }
    assert!(triples > 5000);
    let missing: Vec<&String> = concepts
        .iter()
        .filter(|c| zh_pref.get(*c) != Some(&1))
        .collect();
    assert!(
        missing.is_empty(),
        "concepts without exactly one zh prefLabel: {missing:?}"
    );

    let th = Thesaurus::parse(&ttl).unwrap();
    assert_eq!(th.concepts.len(), concepts.len());
    assert_eq!(th.schemes.len(), 10, "{:?}", th.schemes.keys());
    let problems = th.validate();
    assert!(problems.is_empty(), "{problems:#?}");
    let mut per_scheme: BTreeMap<&str, usize> = BTreeMap::new();
    for c in &th.concepts {
        *per_scheme.entry(c.scheme.as_str()).or_default() += 1;
    }
    println!("thesaurus: {} concepts {per_scheme:?}", th.concepts.len());
}

#[test]
fn validate_reports_shared_labels_and_missing_prefs() {
    let ttl = r#"
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix gcs: <https://w3id.org/gongchuang/scheme/> .
@prefix gcc: <https://w3id.org/gongchuang/concept/> .
gcs:actor a skos:ConceptScheme ; skos:prefLabel "主体"@zh , "Actors"@en .
gcc:a a skos:Concept ; skos:inScheme gcs:actor ; skos:prefLabel "居民"@zh ; skos:altLabel "群众"@zh .
gcc:b a skos:Concept ; skos:inScheme gcs:actor ; skos:prefLabel "市民"@zh ; skos:altLabel "群众"@zh ; skos:broader gcc:a .
gcc:c a skos:Concept ; skos:inScheme gcs:actor ; skos:prefLabel "Nobody"@en .
"#;
    let th = Thesaurus::parse(ttl).unwrap();
    let p = th.validate();
    assert!(p.iter().any(|x| x.contains("群众")), "{p:?}");
    assert!(
        p.iter()
            .any(|x| x.contains("gcc") || x.contains("/c: no Chinese prefLabel")),
        "{p:?}"
    );
    // A custom thesaurus loads into a working Knowledge.
    let kb = Knowledge::load(ttl).unwrap();
    let (concepts, _) = extract::extract_text("市民和群众都来了", &kb);
    assert!(concepts.iter().any(|c| c.label == "市民"));
    assert!(Knowledge::load("not turtle <").is_err());
}

#[test]
fn hierarchy_similarity() {
    let th = &KB.thesaurus;
    let iri = |slug: &str| th.get(slug).unwrap_or_else(|| panic!("{slug}")).iri.clone();
    let grid = iri("grid-management");
    let one = iri("one-network-management");
    let residents = iri("residents");
    let owners = iri("homeowners");
    assert!(th.depth(&grid) >= 2);
    assert_eq!(
        th.ancestors(&grid)[0].iri,
        iri("digital-governance-platform")
    );
    assert_eq!(th.similarity(&grid, &grid), 1.0);
    let close = th.similarity(&grid, &one);
    let far = th.similarity(&grid, &residents);
    let people = th.similarity(&residents, &owners);
    println!("sim(网格化管理, 一网统管) = {close:.3}; sim(居民, 业主) = {people:.3}; sim(网格化管理, 居民) = {far:.3}");
    assert!(close >= 0.6 && people >= 0.6);
    assert_eq!(far, 0.0);
    assert_eq!(th.similarity(&grid, "https://example.org/unknown"), 0.0);
}

#[test]
fn matcher_prefers_longest_label_with_exact_offsets() {
    let text = "推进ＡＩ赋能，建设数字 孪生城市和城市大脑。";
    let (concepts, _) = extract::extract_text(text, &KB);
    let labels: Vec<&str> = concepts.iter().map(|c| c.label.as_str()).collect();
    assert!(labels.contains(&"数字孪生城市"), "{labels:?}");
    assert!(
        !labels.contains(&"数字孪生"),
        "the longer label wins: {labels:?}"
    );
    assert!(
        labels.contains(&"城市大脑") && labels.contains(&"AI赋能"),
        "{labels:?}"
    );
    for c in &concepts {
        for e in &c.evidence {
            let span: String = text
                .chars()
                .skip(e.start as usize)
                .take((e.end - e.start) as usize)
                .collect();
            assert!(
                !span.is_empty() && e.passage.is_empty() && e.lines == (1, 1),
                "{e:?}"
            );
        }
    }
    let twin = concepts.iter().find(|c| c.label == "数字孪生城市").unwrap();
    assert_eq!(twin.evidence[0].start, 9);
    assert_eq!(
        twin.evidence[0].end, 16,
        "the span covers the space inside the label"
    );
}

#[test]
fn places_codes_levels_short_forms_and_context() {
    let place = |text: &str, name: &str| {
        let (_, places) = extract::extract_text(text, &KB);
        places
            .into_iter()
            .find(|p| p.name == name)
            .unwrap_or_else(|| panic!("{name} not in {text}"))
    };
    let p = place("北京市朝阳区推进老旧小区改造。", "朝阳区");
    assert_eq!(
        (p.code.as_deref(), p.level.as_str()),
        (Some("110105"), "county")
    );
    assert_eq!(p.parents, vec!["11".to_string()]);
    let p = place("长春市朝阳区推进老旧小区改造。", "朝阳区");
    assert_eq!(
        p.code.as_deref(),
        Some("220104"),
        "context picks the Changchun district"
    );
    assert_eq!(p.parents, vec!["22".to_string(), "2201".to_string()]);
    let p = place("苏州探索智慧城市建设。", "苏州市");
    assert_eq!(
        (p.code.as_deref(), p.level.as_str()),
        (Some("3205"), "city")
    );
    assert_eq!(place("上海推进一网统管。", "上海市").level, "city");
    let p = place("狮山社区位于苏州市虎丘区狮山街道。", "狮山街道");
    assert_eq!(p.level, "street");
    assert!(
        p.code.as_deref().is_some_and(|c| c.starts_with("320505")),
        "{p:?}"
    );
    assert_eq!(
        place("调研了苏州市虎丘区狮山街道狮山社区。", "狮山社区").level,
        "community"
    );
    assert_eq!(place("在合阳县白灵村调研。", "白灵村").level, "village");
    assert_eq!(place("基于上海市L街道的案例。", "L街道").level, "anonymous");
    assert_eq!(place("某市推行网格化管理。", "某市").level, "anonymous");
    assert_eq!(place("新加坡建设数字孪生系统。", "新加坡").level, "foreign");
    let (_, places) = extract::extract_text(
        "他毕业于中山大学，住在南京路。老旧社区和智慧社区都要更新。",
        &KB,
    );
    assert!(places.is_empty(), "{places:?}");
}

#[test]
fn policies_have_stable_keys() {
    let d = doc(
        "policy_test.txt",
        "一、背景\n\n党的二十大报告提出建设数字中国。中共二十大之后，2015年12月召开的中央城市工作会议再次被提起。\
\n\n“十四五”规划提出加快数字化发展，《中华人民共和国国民经济和社会发展第十四个五年规划和2035年远景目标纲要》也有部署。\
\n\n住房城乡建设部印发《关于扎实有序推进城市更新工作的通知》（建科〔2023〕30号），并实施“东数西算”工程。\n",
    );
    let ex = extract::extract(&d, &KB);
    let key = |k: &str| {
        ex.policies
            .iter()
            .find(|p| p.key == k)
            .unwrap_or_else(|| panic!("{k} not in {:#?}", ex.policies))
    };
    assert_eq!(
        key("cpc-congress-20").evidence.len(),
        2,
        "二十大报告 and 中共二十大 are one policy"
    );
    assert_eq!(key("conf:中央城市工作会议").year.as_deref(), Some("2015"));
    assert_eq!(
        key("fyp-14").evidence.len(),
        2,
        "both names of the 14th five-year plan"
    );
    let notice = key("doc:关于扎实有序推进城市更新工作的通知");
    assert_eq!(notice.number.as_deref(), Some("建科〔2023〕30号"));
    key("prog:东数西算工程");
    for p in &ex.policies {
        for e in &p.evidence {
            let pass = d.passages.iter().find(|x| x.id == e.passage).unwrap();
            assert_eq!(pass.lines_of(e.start as usize, e.end as usize), e.lines);
        }
    }
}

#[test]
fn paths_frameworks_stages_and_countermeasures() {
    let d = doc(
        "path_test.txt",
        "一、引言\n\n平台共创经历了“价值共识—价值共享—价值共生—价值共赢”四个环节，居民和物业服务企业共同参与。\
\n\n二、实践过程\n\n第一阶段是需求识别，社区居委会通过问卷调查收集居民意见。第二阶段是协商议事，居民议事会讨论方案。\
\n\n三、现实困境\n\n当前存在数据孤岛和资金不足等问题。\n\n四、优化路径\n\n（一）强化数字基础设施\n\n应加快建设物联网感知设施。\
\n\n（二）完善多元参与机制\n\n要建立居民议事会和协商议事制度。\n",
    );
    let ex = extract::extract(&d, &KB);
    let fw = ex
        .paths
        .iter()
        .find(|p| p.kind == "framework")
        .expect("framework");
    let labels: Vec<&str> = fw.stages.iter().map(|s| s.label.as_str()).collect();
    assert_eq!(labels, ["价值共识", "价值共享", "价值共生", "价值共赢"]);
    assert_eq!(fw.stages[3].index, 4);
    let staged = ex
        .paths
        .iter()
        .find(|p| p.kind == "staged" && p.stages.len() == 2)
        .expect("staged");
    assert!(staged.stages[0].label.starts_with("第一阶段"));
    assert!(
        staged.stages[0]
            .actors
            .iter()
            .any(|a| a.label == "社区居委会"),
        "{:?}",
        staged.stages[0]
    );
    assert!(staged.stages[0]
        .technologies
        .iter()
        .any(|a| a.label == "问卷调查"));
    let cm = ex
        .paths
        .iter()
        .find(|p| p.kind == "countermeasures")
        .expect("countermeasures");
    assert_eq!(cm.stages.len(), 2);
    assert_eq!(cm.stages[0].label, "强化数字基础设施");
    assert!(cm.stages[0]
        .actions
        .iter()
        .any(|a| a.starts_with("强化数字基础设施")));
    assert!(!ex.countermeasures.is_empty());
    let obstacles: Vec<&str> = ex.obstacles.iter().map(|o| o.label.as_str()).collect();
    assert!(
        obstacles.starts_with(&["数据孤岛", "资金不足"]),
        "{obstacles:?}"
    );
}

#[test]
fn cases_are_separated_and_carry_attributes() {
    let d = doc(
        "数智赋能老旧社区更新——以苏州市狮山社区为例_作者.txt",
        "数智赋能老旧社区更新——以苏州市狮山社区为例\n\n一、引言\n\n狮山社区位于苏州市虎丘区狮山街道，共有29个住宅区，居民户数达8338户。\
\n\n二、案例比较\n\n例如，杭州市通过“城市大脑”实现交通信号优化，拥堵指数下降15%。\
北京市12345热线运用语音识别和知识库，实现自动派单。\n\n\
狮山社区依托物联网和智能停车管理系统开展更新，居民参与协商议事。\n\n参考文献\n\n[1]张三.以广州市“穗好办”为例[J].治理研究,2020,3(1):1-9.\n",
    );
    let ex = extract::extract(&d, &KB);
    let names: Vec<&str> = ex.cases.iter().map(|c| c.name.as_str()).collect();
    let case = |part: &str| {
        ex.cases
            .iter()
            .find(|c| c.name.contains(part))
            .unwrap_or_else(|| panic!("{part} not in {names:?}"))
    };
    let shishan = case("狮山社区");
    assert_eq!(shishan.level.as_deref(), Some("community"));
    assert!(shishan
        .place
        .as_ref()
        .unwrap()
        .parents
        .contains(&"3205".to_string()));
    assert!(shishan.technologies.iter().any(|t| t.label == "物联网"));
    assert!(!shishan.outcome_figures.is_empty());
    let hz = case("城市大脑");
    assert_eq!(hz.place.as_ref().unwrap().code.as_deref(), Some("3301"));
    assert!(hz.outcome_figures.iter().any(|e| e.text.contains("15%")));
    let bj = case("12345");
    assert!(bj.technologies.iter().any(|t| t.label == "语音识别"));
    assert!(
        !bj.technologies.iter().any(|t| t.label == "城市大脑"),
        "cases keep their own sentences"
    );
    assert!(
        !names.iter().any(|n| n.contains("穗好办")),
        "no case from the reference list: {names:?}"
    );
    for c in &ex.cases {
        assert!(c.id.starts_with(&d.id));
        for e in &c.evidence {
            let p = d.passages.iter().find(|p| p.id == e.passage).unwrap();
            assert_eq!(p.lines_of(e.start as usize, e.end as usize), e.lines);
        }
    }
    // Serialisable for the graph and the server.
    let json = serde_json::to_string(&ex).unwrap();
    let back: extract::Extraction = serde_json::from_str(&json).unwrap();
    assert_eq!(back, ex);
}

#[test]
fn case_names_are_a_subject_and_a_project() {
    let d = doc(
        "数字技术赋能公共服务_作者.txt",
        "数字技术赋能公共服务\n\n一、引言\n\n吴堡县让“智慧大脑”融入农村养老，当地政府联合联通公司，线上打造了居家和社区智慧养老服务平台。\
\n\n底特律是美国后工业城市衰退的典型案例，城市犯罪危机严重。\
\n\n巴塞罗那市政府开发了 Decidim 平台，市民可以提出和讨论政策提案。\
\n\n有学者考察了（Arua）地区运营的U-Bridge计划，它允许公众通过免费短信报告问题。\
\n\n无论是韩国松岛新城，还是以零碳为目标的阿联酋马斯达尔城，都未达到预期。\
\n\n选择省会试点城市作为研究数据样本，共计42座城市样本。\n",
    );
    let ex = extract::extract(&d, &KB);
    let names: Vec<&str> = ex.cases.iter().map(|c| c.name.as_str()).collect();
    let has = |n: &str| names.contains(&n);
    assert!(
        names
            .iter()
            .any(|n| n.starts_with("吴堡县") && n.ends_with("智慧养老服务平台")),
        "{names:?}"
    );
    assert!(!names.iter().any(|n| n.contains('让')), "{names:?}");
    assert!(has("底特律"), "{names:?}");
    assert!(has("巴塞罗那 Decidim 平台"), "{names:?}");
    assert!(has("阿联酋马斯达尔城"), "{names:?}");
    // `U-Bridge计划` and `42座城市样本`, each named once in a paper, were kept by the salience
    // model while it was fitted on the seed's key too; fitted on tune alone it drops them
    // (docs/ranking.md, session 38). A rule for papers' passing examples is to bring them back.
}

#[test]
fn generic_core_names_a_case_only_at_its_place_and_countries_are_settings() {
    let d = doc(
        "智慧城市与应急管理_作者.txt",
        "智慧城市与应急管理\n\n一、引言\n\n例如，杭州智慧城市建设经验丰富，杭州建成了城市大脑。\
\n\n智慧城市需要数据治理。智慧城市也面临隐私风险。\
\n\n例如，英国政府公开了大量数据。\
\n\n英国的数据开放较早。\
\n\n英国在隐私保护上更谨慎。\n",
    );
    let ex = extract::extract(&d, &KB);
    let names: Vec<&str> = ex.cases.iter().map(|c| c.name.as_str()).collect();
    let hz = ex
        .cases
        .iter()
        .find(|c| c.name.starts_with("杭州"))
        .unwrap_or_else(|| panic!("{names:?}"));
    assert!(
        hz.evidence.iter().all(|e| e.text.contains("杭州")),
        "{:?}",
        hz.evidence
    );
    assert!(!names.contains(&"英国"), "{names:?}");
}

#[test]
fn free_text_scenario() {
    let text = "我们小区是上世纪90年代的老旧小区，想加装电梯，\n业主意见不一，物业服务企业希望用小程序征集意见。";
    let (concepts, places) = extract::extract_text(text, &KB);
    let labels: Vec<&str> = concepts.iter().map(|c| c.label.as_str()).collect();
    for want in ["老旧小区改造", "加装电梯", "业主", "物业服务企业", "小程序"]
    {
        assert!(labels.contains(&want), "{want} not in {labels:?}");
    }
    let lift = concepts.iter().find(|c| c.label == "业主").unwrap();
    assert_eq!(lift.evidence[0].lines, (2, 2));
    assert!(places.is_empty(), "{places:?}");
}

#[test]
fn place_plus_short_form_names_a_national_enterprise() {
    // (text, enterprise expected or None)
    let table: [(&str, Option<&str>); 6] = [
        ("兰州电信为社区接入了千兆光纤。", Some("中国电信")),
        ("杭州移动与街道共建智慧社区平台。", Some("中国移动")),
        ("由深圳联通负责网络运维。", Some("中国联通")),
        ("推动杭州移动互联网产业发展。", None),
        ("推广杭州移动支付和线上缴费。", None),
        ("防范电信诈骗，移动终端普及。", None),
    ];
    for (text, want) in table {
        let (concepts, _) = extract::extract_text(text, &KB);
        let found: Vec<&str> = concepts
            .iter()
            .map(|c| c.label.as_str())
            .filter(|l| l.starts_with("中国"))
            .collect();
        assert_eq!(found, want.into_iter().collect::<Vec<_>>(), "{text}");
        if let Some(w) = want {
            let c = concepts.iter().find(|c| c.label == w).unwrap();
            let e = &c.evidence[0];
            let span: String = text
                .chars()
                .skip(e.start as usize)
                .take((e.end - e.start) as usize)
                .collect();
            assert_eq!(
                span.chars().count(),
                2,
                "the short form is the evidence: {span}"
            );
        }
    }
}

#[test]
fn a_label_inside_a_name_is_part_of_the_name() {
    // (text, actor, whether the text gives it): inside a place name or before a facility
    // noun (`facility_head.txt`) an actor's label names no actor.
    let table = [
        ("东湖街道的水库新村建于1980年代。", "街道办事处", false),
        (
            "克拉玛依区昆仑路街道友谊社区的网格员打开手机。",
            "街道办事处",
            false,
        ),
        ("街道党工委牵头成立改造委员会。", "街道办事处", true),
        ("在街道办的协调下，居民成立了自管会。", "街道办事处", true),
        ("同步建设街区游客服务中心和两处停车场。", "游客", false),
        ("周末有讲解员为游客讲述当年的故事。", "游客", true),
        ("楼下新设了居民活动室。", "居民", false),
        ("居民自发组织了议事会。", "居民", true),
    ];
    for (text, actor, want) in table {
        let (concepts, _) = extract::extract_text(text, &KB);
        let got = concepts.iter().any(|c| c.label == actor);
        assert_eq!(got, want, "{text}: {concepts:?}");
    }
}
