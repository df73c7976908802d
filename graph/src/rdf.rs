//! Document and extraction → RDF quads in the document's own named graph.
//!
//! Provenance uses an n-ary pattern (portable to every SPARQL store): each extracted
//! statement `S P O` is asserted directly and also described by a `gc:Mention` node with
//! `gc:subject S; gc:predicate P; gc:object O; prov:wasDerivedFrom <passage>`, the character
//! span in the passage, the source lines and the sentence text.

use crate::ns::{self, gc, DCTERMS, PROV, RDF_TYPE, SKOS};
use corpus::extract::{ConceptRef, Evidence, Extraction, Path as CoPath, Place};
use corpus::Document;
use oxigraph::model::{GraphName, Literal, NamedNode, NamedOrBlankNode, Quad, Term};

pub struct Builder {
    graph: GraphName,
    pub quads: Vec<Quad>,
    mentions: usize,
    doc_id: String,
    /// The document's pages, run-length (`Document::pages`), for `gc:page`.
    pages: Vec<(u32, u32)>,
}

fn nn(iri: &str) -> NamedNode {
    NamedNode::new_unchecked(iri)
}

impl Builder {
    pub fn new(doc_id: &str) -> Builder {
        Builder {
            graph: GraphName::NamedNode(nn(&ns::doc_graph(doc_id))),
            quads: Vec::new(),
            mentions: 0,
            doc_id: doc_id.to_string(),
            pages: Vec::new(),
        }
    }

    fn add(&mut self, s: &str, p: &str, o: impl Into<Term>) {
        self.quads.push(Quad::new(
            NamedOrBlankNode::NamedNode(nn(s)),
            nn(p),
            o.into(),
            self.graph.clone(),
        ));
    }
    fn lit(&mut self, s: &str, p: &str, v: &str) {
        if !v.is_empty() {
            self.add(s, p, Literal::new_simple_literal(v));
        }
    }
    fn zh(&mut self, s: &str, p: &str, v: &str) {
        if !v.is_empty() {
            self.add(
                s,
                p,
                Literal::new_language_tagged_literal_unchecked(v, "zh"),
            );
        }
    }
    fn int(&mut self, s: &str, p: &str, v: u64) {
        self.add(s, p, Literal::from(v as i64));
    }
    fn iri(&mut self, s: &str, p: &str, o: &str) {
        self.add(s, p, nn(o));
    }
    /// Lines, and the page of the first line where the file has pages (PDF).
    fn lines(&mut self, s: &str, (a, b): (u32, u32)) {
        self.int(s, &gc("lineStart"), a as u64);
        self.int(s, &gc("lineEnd"), b as u64);
        let i = self.pages.partition_point(|&(l, _)| l <= a);
        if let Some(&(_, page)) = i.checked_sub(1).and_then(|i| self.pages.get(i)) {
            self.int(s, &gc("page"), page as u64);
        }
    }

    pub fn document(&mut self, d: &Document) {
        let doc = ns::id("doc", &d.id);
        self.iri(&doc, RDF_TYPE, &gc("Document"));
        let class = match d.genre.as_str() {
            "paper" => "Paper",
            "news" => "NewsArticle",
            "policy" => "PolicyDocument",
            "commentary" => "Commentary",
            "case_list" => "CaseList",
            "writeup" => "ProjectWriteup",
            _ => "OtherDocument",
        };
        self.iri(&doc, RDF_TYPE, &gc(class));
        self.lit(&doc, &gc("id"), &d.id);
        self.zh(&doc, &format!("{DCTERMS}title"), &d.title);
        if let Some(t) = &d.title_en {
            self.add(
                &doc,
                &format!("{DCTERMS}title"),
                Literal::new_language_tagged_literal_unchecked(t, "en"),
            );
        }
        for a in &d.authors {
            self.lit(&doc, &format!("{DCTERMS}creator"), a);
        }
        for a in &d.affiliations {
            self.lit(&doc, &gc("affiliation"), a);
        }
        if let Some(v) = &d.venue {
            self.lit(&doc, &format!("{DCTERMS}isPartOf"), v);
        }
        if let Some(date) = &d.date {
            self.lit(&doc, &format!("{DCTERMS}date"), date);
            self.lit(&doc, &gc("year"), &date[..4.min(date.len())]);
        }
        if let Some(doi) = &d.doi {
            self.lit(&doc, &gc("doi"), doi);
        }
        for k in &d.keywords {
            self.zh(&doc, "https://schema.org/keywords", k);
        }
        if let Some(a) = &d.abstract_text {
            self.zh(&doc, &format!("{DCTERMS}abstract"), a);
        }
        self.lit(&doc, &gc("genre"), &d.genre);
        self.lit(&doc, &gc("source"), &d.source);
        // The file's name only: the graph is readable by anyone, the server's paths are not.
        let file = std::path::Path::new(&d.file)
            .file_name()
            .map_or(d.file.clone(), |n| n.to_string_lossy().into_owned());
        self.lit(&doc, &gc("sourceFile"), &file);
        self.lit(&doc, &gc("contentHash"), &d.content_hash);
        self.lines(&doc, d.lines);
        if let Some(p) = &d.policy {
            if let Some(n) = &p.number {
                self.lit(&doc, &gc("documentNumber"), n);
            }
            if let Some(i) = &p.issuer {
                self.lit(&doc, &gc("issuer"), i);
            }
            if let Some(date) = &p.date {
                self.lit(&doc, &gc("issued"), date);
            }
            if let Some(date) = &p.effective {
                self.lit(&doc, &gc("effective"), date);
            }
        }
        for (i, s) in d.sections.iter().enumerate() {
            let sec = format!("{doc}/s{i}");
            self.iri(&sec, RDF_TYPE, &gc("Section"));
            self.iri(&sec, &format!("{DCTERMS}isPartOf"), &doc);
            self.zh(&sec, &gc("heading"), &s.heading);
            self.int(&sec, &gc("level"), s.level as u64);
            self.int(&sec, &gc("index"), i as u64);
            self.lines(&sec, s.lines);
        }
        for (i, p) in d.passages.iter().enumerate() {
            let pas = ns::id("passage", &p.id);
            self.iri(&pas, RDF_TYPE, &gc("Passage"));
            self.iri(&pas, &format!("{DCTERMS}isPartOf"), &doc);
            self.iri(&pas, &gc("inSection"), &format!("{doc}/s{}", p.section));
            self.zh(&pas, &gc("text"), &p.text);
            self.lit(&pas, &gc("id"), &p.id);
            self.int(&pas, &gc("index"), i as u64);
            self.lines(&pas, p.lines);
        }
    }

    /// Assert `s p o` and describe it with a mention node per piece of evidence.
    fn fact(&mut self, s: &str, p: &str, o: Term, evidence: &[Evidence]) {
        self.add(s, p, o.clone());
        for e in evidence.iter().take(5) {
            self.mentions += 1;
            let m = format!("{}mention/{}/{}", ns::ID, self.doc_id, self.mentions);
            self.iri(&m, RDF_TYPE, &gc("Mention"));
            self.iri(&m, &gc("subject"), s);
            self.iri(&m, &gc("predicate"), p);
            self.add(&m, &gc("object"), o.clone());
            self.evidence(&m, e);
        }
    }

    fn evidence(&mut self, m: &str, e: &Evidence) {
        if !e.passage.is_empty() {
            self.iri(
                m,
                &format!("{PROV}wasDerivedFrom"),
                &ns::id("passage", &e.passage),
            );
        }
        self.int(m, &gc("charStart"), e.start as u64);
        self.int(m, &gc("charEnd"), e.end as u64);
        self.lines(m, e.lines);
        self.zh(m, &gc("sentence"), &e.text);
    }

    fn concepts(&mut self, s: &str, p: &str, cs: &[ConceptRef]) {
        for c in cs {
            self.fact(s, p, nn(&c.concept).into(), &c.evidence);
        }
    }

    fn place(&mut self, p: &Place) -> String {
        let iri = match &p.code {
            Some(code) => ns::id("place", code),
            None => ns::id("place", &format!("{}/{}", self.doc_id, p.name)),
        };
        self.iri(&iri, RDF_TYPE, &gc("Place"));
        self.zh(&iri, &format!("{SKOS}prefLabel"), &p.name);
        self.lit(&iri, &gc("level"), &p.level);
        if let Some(code) = &p.code {
            self.lit(&iri, &gc("code"), code);
        }
        if let Some(parent) = p.parents.last() {
            self.iri(&iri, &gc("within"), &ns::id("place", parent));
        }
        iri
    }

    pub fn extraction(&mut self, d: &Document, x: &Extraction) {
        let doc = ns::id("doc", &d.id);
        for c in &x.concepts {
            self.fact(&doc, &gc("mentions"), nn(&c.concept).into(), &c.evidence);
        }
        for p in &x.places {
            let iri = self.place(p);
            self.fact(&doc, &gc("mentionsPlace"), nn(&iri).into(), &p.evidence);
        }
        for o in &x.obstacles {
            self.fact(
                &doc,
                &gc("identifiesObstacle"),
                nn(&o.concept).into(),
                &o.evidence,
            );
        }
        for (i, e) in x.countermeasures.iter().enumerate() {
            let cm = format!("{doc}/countermeasure/{i}");
            self.iri(&cm, RDF_TYPE, &gc("Countermeasure"));
            self.iri(&doc, &gc("proposes"), &cm);
            self.evidence(&cm, e);
        }
        for p in &x.policies {
            let iri = ns::id("policy", &p.key);
            self.iri(&iri, RDF_TYPE, &gc("Policy"));
            self.zh(&iri, &format!("{SKOS}prefLabel"), &p.name);
            if let Some(y) = &p.year {
                self.lit(&iri, &gc("year"), y);
            }
            if let Some(n) = &p.number {
                self.lit(&iri, &gc("documentNumber"), n);
            }
            self.fact(&doc, &gc("cites"), nn(&iri).into(), &p.evidence);
        }
        for (i, path) in x.paths.iter().enumerate() {
            let iri = format!("{doc}/path/{i}");
            self.path(&iri, path);
            self.iri(&doc, &gc("describesPath"), &iri);
        }
        for c in &x.cases {
            let case = ns::id("case", &c.id);
            self.iri(&case, RDF_TYPE, &gc("Case"));
            self.zh(&case, &format!("{SKOS}prefLabel"), &c.name);
            self.lit(&case, &gc("id"), &c.id);
            self.iri(&case, &format!("{DCTERMS}isReferencedBy"), &doc);
            self.iri(&doc, &gc("studiesCase"), &case);
            if let Some(p) = &c.place {
                let iri = self.place(p);
                self.fact(&case, &gc("locatedIn"), nn(&iri).into(), &p.evidence);
            }
            if let Some(l) = &c.level {
                self.lit(&case, &gc("level"), l);
            }
            self.concepts(&case, &gc("domain"), &c.domains);
            self.concepts(&case, &gc("involvesActor"), &c.actors);
            self.concepts(&case, &gc("usesTechnology"), &c.technologies);
            self.concepts(&case, &gc("appliesMechanism"), &c.mechanisms);
            self.concepts(&case, &gc("facesObstacle"), &c.obstacles);
            self.concepts(&case, &gc("achievesOutcome"), &c.outcomes);
            self.concepts(&case, &gc("financing"), &c.financing);
            self.concepts(&case, &gc("operation"), &c.operation);
            for e in &c.evidence {
                let ev = format!("{case}/evidence/{}", e.passage);
                self.iri(&case, &gc("evidence"), &ev);
                self.evidence(&ev, e);
            }
            for (i, path) in c.paths.iter().enumerate() {
                let iri = format!("{case}/path/{i}");
                self.path(&iri, path);
                self.iri(&case, &gc("followsPath"), &iri);
            }
        }
    }

    fn path(&mut self, iri: &str, p: &CoPath) {
        self.iri(iri, RDF_TYPE, &gc("Path"));
        self.zh(iri, &format!("{SKOS}prefLabel"), &p.label);
        self.lit(iri, &gc("kind"), &p.kind);
        for s in &p.stages {
            let st = format!("{iri}/stage/{}", s.index);
            self.iri(&st, RDF_TYPE, &gc("Stage"));
            self.iri(iri, &gc("hasStage"), &st);
            self.int(&st, &gc("order"), s.index as u64);
            self.zh(&st, &format!("{SKOS}prefLabel"), &s.label);
            for a in &s.actions {
                self.zh(&st, &gc("action"), a);
            }
            self.concepts(&st, &gc("involvesActor"), &s.actors);
            self.concepts(&st, &gc("usesTechnology"), &s.technologies);
            self.concepts(&st, &gc("appliesMechanism"), &s.mechanisms);
            for e in s.evidence.iter().take(3) {
                self.evidence(&st, e);
            }
        }
    }
}

/// All quads for one document.
pub fn document_quads(d: &Document, x: &Extraction) -> Vec<Quad> {
    let mut b = Builder::new(&d.id);
    b.pages = d.pages.clone();
    b.document(d);
    b.extraction(d, x);
    b.quads
}

/// Provinces, cities and counties of the gazetteer with codes, levels and parents (streets
/// are added by the documents that mention them).
pub fn gazetteer_quads(g: &corpus::extract::Gazetteer) -> Vec<Quad> {
    let mut b = Builder::new("gazetteer");
    b.graph = GraphName::NamedNode(nn(&ns::gazetteer_graph()));
    for d in g
        .divisions
        .iter()
        .filter(|d| d.level != "street" && !d.placeholder)
    {
        let iri = ns::id("place", &d.code);
        b.iri(&iri, RDF_TYPE, &gc("Place"));
        b.zh(&iri, &format!("{SKOS}prefLabel"), &d.name);
        b.lit(&iri, &gc("level"), &d.level);
        b.lit(&iri, &gc("code"), &d.code);
        // Skip placeholder parents (`市辖区`) so `gc:within*` reaches the real division.
        let mut parent = d.parent;
        while let Some(p) = parent.filter(|&p| g.divisions[p].placeholder) {
            parent = g.divisions[p].parent;
        }
        if let Some(p) = parent {
            b.iri(&iri, &gc("within"), &ns::id("place", &g.divisions[p].code));
        }
    }
    b.quads
}
