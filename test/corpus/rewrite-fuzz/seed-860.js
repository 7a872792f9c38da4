"e#;é";
"4~""use strict"
"use strict"/*  rhi*/
debugger
  //rh 
gc://muncg o   t /*r﻿s  b 	 
 ux*/for ([]in ([...((({*[((("")))]() {}}))), ,// oada ﻿l h
 ...(async (...{}) => {   ;
  ;/*n kc﻿v xtct k*//*fzb﻿*/
  debugger
})])) var/*j*/// b﻿ rj﻿y	 p 
/* y 	jn oeop  sd*/ [] = (((.51))), //  ukf  ki 
q   = ({}),//a kc  z jr v gux　  t = //ncgd jg﻿ tgird 
　(/(?:)/gmsy), [] =//   o qh//f o   cb//epr oua  u
 (((((null)))[(u)])), {} = ((m) >= //    vqs nntt r﻿jx
((2e308)))
do ; while ((/(?:)/giu))
 