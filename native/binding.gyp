{
  "targets": [
    {
      "target_name": "virtdeck",
      "sources": [
        "src/addon.cc",
        "src/core.cc",
        "src/typed_params.cc",
        "src/ops_connect.cc",
        "src/ops_domain.cc",
        "src/ops_network.cc",
        "src/ops_storage.cc",
        "src/ops_misc.cc",
        "src/events.cc",
        "src/streams.cc",
        "src/process_tty.cc"
      ],
      "include_dirs": ["<!(node -p \"require('node-addon-api').include_dir\")"],
      "defines": ["NAPI_VERSION=8", "NODE_ADDON_API_DISABLE_DEPRECATED", "NODE_API_SWALLOW_UNTHROWABLE_EXCEPTIONS"],
      "cflags_cc": ["-std=c++17", "-fexceptions", "-Wall", "-Wextra", "-Wno-unused-parameter", "-Wno-missing-field-initializers"],
      "cflags_cc!": ["-fno-exceptions"],
      "cflags": ["<!@(pkg-config --cflags libvirt)"],
      "libraries": ["<!@(pkg-config --libs libvirt)"],
      "conditions": [
        ["OS=='mac'", {
          "xcode_settings": {
            "GCC_ENABLE_CPP_EXCEPTIONS": "YES",
            "CLANG_CXX_LANGUAGE_STANDARD": "c++17",
            "OTHER_CFLAGS": ["<!@(pkg-config --cflags libvirt)"]
          }
        }],
        ["'<!(echo $VIRTDECK_ASAN)'=='1'", {
          "cflags_cc": ["-fsanitize=address", "-fno-omit-frame-pointer", "-g"],
          "ldflags": ["-fsanitize=address"]
        }]
      ]
    }
  ]
}
