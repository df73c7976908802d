//! Places found by pattern rather than by name: sub-district units (`狮山社区`, `白灵村`,
//! `工人村片区`, `松岛新城`) and anonymised places (`L街道`, `某市`, `D村`).

use once_cell::sync::Lazy;
use regex::Regex;

static ANON: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"(?:^|[^A-Za-z])((?:[A-Z]{1,2}|某)\s?(?:省|市|县|区|街道|镇|乡|村|社区|小区|片区|新村|城市))").unwrap()
});

/// Stems that describe rather than name (老旧社区, 数字乡村, 示范村 …).
/// Stems that describe rather than name (老旧社区, 数字乡村, 示范村 …), and verbs or pronouns
/// that open a clause before a generic 社区/村 (快速调动社区内外…, 我们小区…).
const GENERIC: &str = "\
    智慧 数字 老旧 城市 城乡 农村 乡村 基层 美丽 和谐 完整 示范 \
    试点 新型 传统 典型 周边 整个 全体 相关 所在 多个 各个 一个 \
    两个 几个 邻近 中心 样本 调研 未来 特色 城中 城郊 行政 自然 \
    熟人 陌生 商品 单位 混合 保障 安置 拆迁 重点 国际 现代 智能 \
    韧性 低碳 绿色 生态 文明 平安 幸福 宜居 活力 共享 开放 封闭 \
    老年 老龄 养老 学习 网络 虚拟 线上 数智 数据 创新 创业 科技 \
    产业 工业 商业 文化 历史 旅游 生活 居住 住宅 大型 小型 超大 \
    特大 边缘 偏远 贫困 落后 发达 先进 优秀 同一 不同 其他 部分 \
    少数 多数 新建 既有 存量 更新 改造 治理 管理 服务 建设 发展 \
    研究 目标 本地 当地 外地 附近 上述 以上 所有 具体 实际 理想 \
    村民 居民 小区 街道 楼栋 区域 片区 地区 城区 社区 新区 新城 \
    老城 旧城 主城 市区 郊区 农业 空心 小城 特色小 大城 中小 乡镇 \
    全国 我国 各地 基础 公共 合作 专业 集体 经济 社会 政府 组织 \
    党建 网格 志愿 共同 团结 模范 先锋 标杆 星级 先进 省级 市级 \
    国家 全市 全区 全县 全省 原有 原来 新的 旧的 这些 那些 一些 \
    许多 大量 海洋 山区 平原 沿海 内陆 西部 东部 中部 北部 南部 \
    文旅 数字化 信息 乡贤 一村 每个 参与 调查 访谈 案例 实验 对照 \
    实施 推进 打造 形成 构建 调动 推动 加强 深入 进入 走进 覆盖 \
    整合 动员 联动 带动 激活 引导 依托 面向 支持 帮助 鼓励 促进 \
    提升 打通 连接 融入 回到 返回 建立 成立 设立 快速 及时 全面 \
    充分 有效 积极 主动 同时 实现 通过 利用 借助 围绕 针对 扎根 \
    下沉 深耕 进驻 入驻 服务于 嵌入 走入 驻 包括 涵盖 我们 他们 \
    你们 咱们 大家 自己 我的 我家 所住 强化 增强 助推 规划 营造 \
    改善 弘扬 表明 厘清 提高 聚焦 发展 完善 优化 赋能 当下 虽然 \
    不少 部分 面对 关注 关于 对于 基于 保障 推进 \
";

/// Characters that end a name on its left (function words, verbs that take a place object,
/// and administrative suffixes of the enclosing unit).
fn left_boundary(c: char) -> bool {
    !crate::text::is_cjk(c)
        || "的在以对于是为与和及了将从到等个该本其这那即如由向把被或并也都还就所各每全此选择位至入进往赴前后中里内外省市区县州旗"
            .contains(c)
}

/// Sub-district units and anonymised places by pattern, outside the named spans.
pub(super) fn units(chars: &[char], named: &[(usize, usize)]) -> Vec<(usize, usize, &'static str)> {
    let mut out = Vec::new();
    let text: String = chars.iter().collect();
    let byte_to_char = |b: usize| text[..b].chars().count();
    for m in ANON.captures_iter(&text) {
        let g = m.get(1).unwrap();
        let (s, e) = (byte_to_char(g.start()), byte_to_char(g.end()));
        if !chars
            .get(e)
            .is_some_and(|&c| "场域别民委级长政".contains(c))
        {
            out.push((s, e, "anonymous"));
        }
    }
    const SUFFIX: &[(&str, &str)] = &[
        ("社区", "community"),
        ("新村", "community"),
        ("小区", "community"),
        ("街道", "street"),
        ("片区", "area"),
        ("新城", "area"),
        ("村", "village"),
        ("镇", "street"),
    ];
    let ends_named = |i: usize| named.iter().any(|&(_, e)| e == i);
    let mut i = 0;
    while i < chars.len() {
        let Some(&(suf, level)) = SUFFIX.iter().find(|(s, _)| starts_with(chars, i, s)) else {
            i += 1;
            continue;
        };
        let n = suf.chars().count();
        let next = chars.get(i + n).copied().unwrap_or(' ');
        let prev = if i > 0 { chars[i - 1] } else { ' ' };
        let bad_next = match suf {
            // 农村, 乡村, 山村, 渔村: kinds of village, not names.
            "村" => {
                "民委级落务集干两规庄容内里组社镇头口振".contains(next)
                    || "农乡山渔边全本该各每".contains(prev)
            }
            "镇" => "化长".contains(next),
            _ => false,
        };
        if bad_next || out.iter().any(|&(s, e, _)| s <= i && i < e) {
            i += n;
            continue;
        }
        let mut j = i;
        while j > 0 && i - j < 5 && !left_boundary(chars[j - 1]) && !ends_named(j) {
            j -= 1;
        }
        let stem: String = chars[j..i].iter().collect();
        let stem_len = i - j;
        let generic = GENERIC
            .split_whitespace()
            .any(|g| stem.starts_with(g) || stem.ends_with(g))
            || (stem_len == 5 && !ends_named(j) && j > 0 && !left_boundary(chars[j - 1]));
        if stem_len >= 2 && !generic {
            out.push((j, i + n, level));
        }
        i += n;
    }
    out.retain(|&(s, e, _)| !named.iter().any(|&(a, b)| a <= s && e <= b));
    out.sort();
    out
}

fn starts_with(chars: &[char], i: usize, s: &str) -> bool {
    s.chars()
        .enumerate()
        .all(|(k, c)| chars.get(i + k) == Some(&c))
}
