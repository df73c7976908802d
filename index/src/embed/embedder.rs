//! The encoder trait and the vector arithmetic every part of `embed` shares.

/// A text encoder producing L2-normalised vectors; cosine similarity is a dot product.
pub trait Embedder: Send + Sync {
    /// Identifies the model (name + hash of its config and file sizes), so cached vectors made
    /// by another model can be told apart and dropped.
    fn id(&self) -> &str;
    fn dim(&self) -> usize;
    /// Vectors for passages (documents), in input order.
    fn embed_passages(&self, texts: &[&str]) -> super::error::Result<Vec<Vec<f32>>>;
    /// Vector for a search query.
    fn embed_query(&self, text: &str) -> super::error::Result<Vec<f32>>;
}

/// Scales `v` to unit length (leaves an all-zero vector alone).
pub fn l2_normalize(v: &mut [f32]) {
    let n = v.iter().map(|x| x * x).sum::<f32>().sqrt();
    if n > 0.0 {
        v.iter_mut().for_each(|x| *x /= n);
    }
}

/// Dot product; the cosine for normalised vectors.
pub fn dot(a: &[f32], b: &[f32]) -> f32 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}
