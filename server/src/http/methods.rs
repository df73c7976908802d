//! One resource per path with the methods it has: HEAD wherever GET is, and any other
//! method answered 405 with `Allow` (a 404 would say that the path does not exist).

use actix_web::http::header;
use actix_web::{web, FromRequest, Handler, HttpResponse, Resource, Responder};

pub struct Methods {
    resource: Resource,
    allow: Vec<&'static str>,
}

impl Methods {
    pub fn new(path: &str) -> Methods {
        Methods::of(web::resource(path))
    }

    /// A resource built elsewhere (several paths).
    pub fn of(resource: Resource) -> Methods {
        Methods {
            resource,
            allow: Vec::new(),
        }
    }

    /// GET, and HEAD with the same handler (the server sends no body for HEAD).
    pub fn get<F, Args>(mut self, handler: F) -> Methods
    where
        F: Handler<Args>,
        Args: FromRequest + 'static,
        F::Output: Responder + 'static,
    {
        self.resource = self
            .resource
            .route(web::get().to(handler.clone()))
            .route(web::head().to(handler));
        self.allow.extend(["GET", "HEAD"]);
        self
    }

    pub fn post<F, Args>(self, handler: F) -> Methods
    where
        F: Handler<Args>,
        Args: FromRequest + 'static,
        F::Output: Responder + 'static,
    {
        self.with("POST", web::post(), handler)
    }

    pub fn put<F, Args>(self, handler: F) -> Methods
    where
        F: Handler<Args>,
        Args: FromRequest + 'static,
        F::Output: Responder + 'static,
    {
        self.with("PUT", web::put(), handler)
    }

    pub fn delete<F, Args>(self, handler: F) -> Methods
    where
        F: Handler<Args>,
        Args: FromRequest + 'static,
        F::Output: Responder + 'static,
    {
        self.with("DELETE", web::delete(), handler)
    }

    fn with<F, Args>(mut self, method: &'static str, route: actix_web::Route, handler: F) -> Self
    where
        F: Handler<Args>,
        Args: FromRequest + 'static,
        F::Output: Responder + 'static,
    {
        self.resource = self.resource.route(route.to(handler));
        self.allow.push(method);
        self
    }

    /// The resource, with 405 and `Allow` for every other method.
    pub fn done(self) -> Resource {
        let allow = self.allow.join(", ");
        self.resource.default_service(web::to(move || {
            let allow = allow.clone();
            async move {
                HttpResponse::MethodNotAllowed()
                    .insert_header((header::ALLOW, allow.clone()))
                    .json(serde_json::json!({
                        "error": format!("method not allowed here; allowed: {allow}")
                    }))
            }
        }))
    }
}
