from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

app = FastAPI(title="Acme public API")
app.add_middleware(
    CORSMiddleware,
    allow_origins=["https://notes.acme.test"],
    allow_credentials=True,
    allow_methods=["GET"],
)


@app.get("/status")
def status():
    return {"ok": True}
