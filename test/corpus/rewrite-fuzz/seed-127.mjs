"Éy±";
"use strict"
  "¹ÙR";
"use strict"
"Ï*"/* g x m fc　	　enurmf*/ // 
 do for (let rvvohj of (((class//dvc
//ps
 kwxtedbxkxp {
static *[((2e308))]() {
    "\\"
 /*k	 dupdoa */   "H¹"
   //m﻿o koy  cfas d
 "óý´."


}
  static //at　v jl q srhj a ﻿c
/*b　
   nuy﻿ */set [(false)] (wkdisntlbihtlv) {
  
  "";
    "use strict"
    "use strict";
    "use strict";
//	poyt
    "¡±"
	     /* gl e  j u l　f  */ switch (((this))) {
    // j arvnr zyd		  default:
    }
    for 
(async in (true)) ;
  class p/*j﻿ 
x*//**/ {}
 //f h     	z ﻿kia d }
  get [`LM`]() {
    /*
 dk   s q 
m r*/"ý|Ý ";


/*pu
 	eya   z  q   mf*/
   "use strict"     }
})))) switch (((0))) /*nh
qqr *///lh y xd 	z t t﻿uoe
{   case {}://civlqca zoh﻿ d

    if (((""))()) try {} catch (async) {} else do continue
 //  
//while/*x x﻿ */ ((((2e308))))
  case (([, //f  p m　itau 　uuq
//zn  		 ﻿　c nqa  f
((`óv¨g`)), ...((null)), ...async])):  case ((new/*  vj  t*/ (((-2e308)))((false), ..."ª¬èá"))):
    try {} catch (w) {}
   try {}/*o  y 	 ﻿*/// fbq  catch (q) {}
    ((((/(?!){61206,85175}?(?!)+[-]?\b||(?=)+g(?!(?!)\T[])(?:){21040}?(?!){83949,}|(?:)??\xDA/gmy)())))
 } while (((2e308)))
