"""French error pages."""

from flask import Flask, has_request_context, render_template, request
from flask.globals import request_ctx
from flask_wtf.csrf import CSRFError

MESSAGES = {
    400: ("Requête incorrecte", "La demande n'a pas pu être comprise."),
    403: ("Accès refusé", "Vous n'avez pas le droit d'accéder à cette page."),
    404: ("Page introuvable", "Cette page n'existe pas ou a été déplacée."),
    405: ("Méthode non autorisée", "Cette action n'est pas possible sur cette page."),
    413: (
        "Envoi trop volumineux",
        "L'envoi dépasse {limit} : rien n'a été enregistré. Un logo fait 2 Mo au plus, une "
        "image ou une affiche 4 Mo au plus ; réduisez le fichier, puis revenez au formulaire.",
    ),
    429: ("Trop de tentatives", "Merci de patienter quelques minutes avant de réessayer."),
    500: ("Erreur du serveur", "Une erreur est survenue. L'équipe a été prévenue."),
}


def init_app(app: Flask) -> None:
    def render(code: int, detail: str | None = None):
        title, message = MESSAGES[code]
        if has_request_context() and request_ctx.url_adapter is None:
            # A Host outside TRUSTED_HOSTS: no URL can be built, the page has no links.
            return f"{title} : adresse du site inconnue.\n", code, {
                "Content-Type": "text/plain; charset=utf-8"}
        return render_template("errors/error.html", title=title, message=detail or message), code

    for code in MESSAGES:
        if code != 413:
            app.register_error_handler(code, lambda e, code=code: render(code))

    @app.errorhandler(413)
    def too_large(e):
        limit = app.config.get("MAX_CONTENT_LENGTH") or 0
        message = MESSAGES[413][1].format(limit=f"{limit / 1024 / 1024:.0f} Mo")
        if request_ctx.url_adapter is None:
            return render(413)
        # The form's own address: a GET shows it again (the body was never read).
        back = request.path if request.method == "POST" else None
        return render_template("errors/error.html", title=MESSAGES[413][0], message=message,
                               back=back), 413

    @app.errorhandler(CSRFError)
    def csrf_error(e):
        return render(
            400,
            "Le formulaire a expiré ou n'a pas pu être vérifié. "
            "Rechargez la page et renvoyez-le : ce que vous aviez saisi est à ressaisir.",
        )
