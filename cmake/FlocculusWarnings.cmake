# Warning and sanitizer flags for the project's own targets (never for dependencies).
function(flocculus_target_defaults target)
    if(CMAKE_CXX_COMPILER_ID MATCHES "GNU|Clang")
        target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow
                               -Wconversion -Wno-sign-conversion -Wnon-virtual-dtor
                               -Wold-style-cast -Woverloaded-virtual)
        if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
            # GCC 12 reports false -Wrestrict positives inside libstdc++'s string
            # concatenation (GCC bug 105329).
            target_compile_options(${target} PRIVATE -Wno-restrict)
        endif()
        if(FLOCCULUS_WERROR)
            target_compile_options(${target} PRIVATE -Werror)
        endif()
        if(FLOCCULUS_FUZZ)
            # Coverage for libFuzzer in every target; the harnesses link the fuzzer itself.
            target_compile_options(${target} PRIVATE -fsanitize=fuzzer-no-link,address,undefined
                                   -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
            target_link_options(${target} PRIVATE -fsanitize=address,undefined)
        elseif(FLOCCULUS_SANITIZE STREQUAL "address")
            target_compile_options(${target} PRIVATE -fsanitize=address,undefined
                                   -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
            if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
                # With ASan's instrumentation GCC 12 reports false -Wmaybe-uninitialized
                # positives when it inlines the move of a std::optional holding a class with
                # std::vector members (RunConfig); the Release build keeps the warning.
                target_compile_options(${target} PRIVATE -Wno-maybe-uninitialized)
            endif()
            target_link_options(${target} PRIVATE -fsanitize=address,undefined)
        elseif(FLOCCULUS_SANITIZE STREQUAL "thread")
            target_compile_options(${target} PRIVATE -fsanitize=thread -fno-omit-frame-pointer)
            target_link_options(${target} PRIVATE -fsanitize=thread)
        endif()
    endif()
endfunction()
