//! General recognisers of case candidates, one file each, in the shape of `normalize/`:
//! each reads the document view and adds candidates; `cases` merges them.

pub mod enumerated;
pub mod fields;
pub mod grouped;
pub mod house_numbers;
pub mod latin;
pub mod lists;
pub mod names;
pub mod parallel_headings;
pub mod pos;
pub mod proper;
pub mod recalled;
pub mod rolls;
pub mod site_words;
pub mod sites;
pub mod street_projects;
pub mod subjects;
pub mod tables;
