"""The compliance officers' dashboard (server-rendered pages under ``/ui/``).

Wiring (``app.create_app``): add ``*gateway.ui.routes.ROUTES`` to the route handlers and pass
``gateway.ui.routes.TEMPLATE_CONFIG`` as ``template_config`` (the pages answer with litestar
``Template`` responses). One module per page family; ``gateway.ui.routes`` lists them.
"""
