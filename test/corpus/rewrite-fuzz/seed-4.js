""
try {} catch ({vskmsxyli = (null.a **= .09), [/(?!)N(?!)/muy ? 0 : 2e308]: {},"G´Ä": {} = (((await)))(), [(async	= //h   fm   
false)]: {} = {}}) //  
{
  for (svxrcqvdhs in false)
continue/*ge﻿	sr t﻿hi 	*/  {
//z 　f z oxs 　	kid
  /*x fq n 　*/  throw (b)
    for
 (const
o in/*b*/ .38) ;
    async function eval() {
      ""
      "ÒPs"    }
    throw (t)
  }



} finally {
  switch (null) {
  case "Zx":

    do for (const o of 2e308)// o 　   
 ; while ({})      throw async function () {
        "£f"        "0]à"


 /*je　ixnten b*///i	hypu dpqp vtbyg
       ""
        ""/*sat *//* */
/*xtm   ntf c rb 	*/      /*   huep*/  ""
      }
      throw ``
     case this:
      {}
      ;
      do continue
 while ("")
    case ((("ßâü¼".constructor) != t[/[^-\$-@l-\uDBfb\+-\.-]*?(?!){75272,}\bL{65021,99443}?/])):
      try {} finally {}
/*
tm*/      with (this/**/ << null) eval: for (;;) ;
      function iqgpyay() {
      //	u
 

"use strict"
        "þºý"

       "Ré|õ"
 
  
  return
/* aqd cn
  
	t*/ /* l﻿  g  cd s  */     /*sa  gxkmxholkp*/ //s  kx aent     class async //
/* 
vb k  
 z*/{}
      }
      try {} catch (a) {}
  }
  const c = /* r n	 *//*j u
 */package,//bq v
 implements = true, m = []  do while (this) while (+p) for (;;) /*  */debugger while ((0))
 /*　vo  ey  qzxlc
   */ for (; (function ([...g], ...sxpuekuuiuwf) {
  //g　y  nk  ﻿ux z m
  "¥"
 /*kg	 p arv	du*//*r d 　hznnk*//*x  o n il */ 
""
    "µ"
    "øË"
    try {} catch




(implements) {} finally {}
    ;//h  zt  bpuk gkd

    with (!"'½") ;
    for (const arguments in /(?!){46479}W(?:)1?/i) switch ("E") {}    debugger
  });) switch/*  spd
*/ (true[this] += this) {
/*   ip g﻿ijt*//*     r*//*x　*/    default:

    //lmj l 　  aa﻿k yx 
  class async {}
      switch (((/(?=)/gimy))) {
        default:
  


  }
    case 2e308.e<<= null:
    case true[0]:
      if (l) continue    case `ä,¡¿`:
    switch (null) 

 {
      default:
      }
      with (2e308) break
      for (const static of /*e
  *///eqm i 	trie vmzun r
//xl kfi﻿g t r  
"") continue
    case null:
 

    false
   /*y*/   with (9.043553282972426e177) break
      switch (/(?:)/iuy) {}
/*t */  }
  debugger
}
