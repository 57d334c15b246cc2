"""The compliance officers' dashboard (server-rendered pages under ``/ui/``).

Wiring (``app.create_app``): add ``*gateway.ui.routes.ROUTES`` to the route handlers. The
pages render their own Jinja2 templates, so no ``template_config`` is needed.
"""
